// Runs the Service Bus emulator on its own: `node dist/local/servicebus/cli.js [options]`.
// Prints one line `listening <host>:<port>` and the connection string once ready (tests and
// scripts wait for it), then logs activity until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { DEFAULT_SERVICEBUS_PORT, HELPDESK_ENTITIES, startServiceBusEmulator } from './index';

const HELP = `Usage: node dist/local/servicebus/cli.js [options]

A local Service Bus emulator (AMQP 1.0) serving the help desk's entities: topic ticket-events with
subscriptions notifications and sla, queue sla-timers.

Options:
  --port <n>         port to listen on (default ${DEFAULT_SERVICEBUS_PORT}; 0 picks a free one)
  --host <addr>      address to listen on (default 127.0.0.1)
  --data-dir <path>  keep messages in a journal there, so they survive restarts
                     (default: memory only)
  --quiet            log only the ready line
  -h, --help         show this help
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = values.port === undefined ? DEFAULT_SERVICEBUS_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: --port must be a port number (0-65535), got '${values.port}'`);
    process.exit(2);
  }
  const host = values.host ?? '127.0.0.1';
  const emulator = await startServiceBusEmulator({
    port,
    host,
    dataDir: values['data-dir'] ?? null,
    entities: HELPDESK_ENTITIES,
    log: values.quiet ? undefined : (line) => console.error(`[servicebus] ${line}`),
  });
  console.log(`listening ${host}:${emulator.port}`);
  console.log(emulator.connectionString);
  const shutdown = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
