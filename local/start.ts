// `npm start`: the whole help desk on this machine, no Azure account and no Docker. Starts the
// local Cosmos DB, Service Bus and Blob Storage (all durable under .local-data/), seeds the directory, and runs
// the functions — HTTP on http://localhost:7071/api, Service Bus triggers and timers — the way
// the Functions host would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedDirectory } from '../shared/app/seed';
import { ServiceBusAdapter } from '../shared/bus/service-bus';
import { services } from '../shared/composition';
import { DEMO_DIRECTORY } from '../shared/seed/demo-directory';
import { DEFAULT_BLOB_PORT, startLocalBlob } from './blob-server';
import { startLocalCosmos } from './cosmos-server';
import { hostRoute } from '../shared/http/functions';
import { loadFunctionFiles, startFunctionsHost } from './functions-host';
import { DEFAULT_SERVICEBUS_PORT, HELPDESK_ENTITIES, startServiceBusEmulator } from './servicebus';
import { DEFAULT_API_PORT, DEFAULT_COSMOS_PORT, DEFAULT_DATA_DIR, localSettings } from './settings';
import { startTriggers } from './trigger-host';

const HELP = `Usage: npm start -- [options]

Starts the local help desk: Cosmos DB- and Service Bus-compatible servers, Azurite for
attachments, the seeded directory, and the functions (HTTP, Service Bus triggers, timers).

Options:
  --port <n>             API port (default ${DEFAULT_API_PORT}; 0 picks a free one)
  --cosmos-port <n>      local Cosmos DB port (default ${DEFAULT_COSMOS_PORT}; 0 picks a free one)
  --servicebus-port <n>  local Service Bus (AMQP) port (default ${DEFAULT_SERVICEBUS_PORT}; 0 picks a free one)
  --blob-port <n>        local Blob Storage (Azurite) port (default ${DEFAULT_BLOB_PORT}; 0 picks a free one)
  --data-dir <path>      where tickets and messages are kept between runs (default .local-data/)
  --mail-outbox <path>   where every e-mail is written as .eml (default <data-dir>/mail-outbox/)
  --clean                start from a clean slate: delete the saved data first
  --memory               keep nothing on disk (throw-away runs, tests)
  --cosmos-only          start only the stores, for running the functions with \`func start\`
  -h, --help             show this help
`;

function fail(message: string): never {
  console.error(`error: ${message}\n\nRun with --help for the options.`);
  process.exit(2);
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${name} must be a port number (0-65535), got '${value}'`);
  return n;
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        'cosmos-port': { type: 'string' },
        'servicebus-port': { type: 'string' },
        'blob-port': { type: 'string' },
        'data-dir': { type: 'string' },
        'mail-outbox': { type: 'string' },
        clean: { type: 'boolean', default: false },
        memory: { type: 'boolean', default: false },
        'cosmos-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    return fail((err as Error).message);
  }
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) return void console.log(HELP);
  const apiPort = port(args.port, DEFAULT_API_PORT, '--port');
  const cosmosPort = port(args['cosmos-port'], DEFAULT_COSMOS_PORT, '--cosmos-port');
  const busPort = port(args['servicebus-port'], DEFAULT_SERVICEBUS_PORT, '--servicebus-port');
  const blobPort = port(args['blob-port'], DEFAULT_BLOB_PORT, '--blob-port');
  const dataDir = args.memory ? null : (args['data-dir'] ?? DEFAULT_DATA_DIR);
  if (args.clean && dataDir) rmSync(dataDir, { recursive: true, force: true });
  const mailOutbox = args['mail-outbox'] ?? (dataDir ? join(dataDir, 'mail-outbox') : mkdtempSync(join(tmpdir(), 'helpdesk-mail-')));

  const log = (line: string) => console.log(line);
  const stops: (() => Promise<void> | void)[] = [];
  console.log('Starting the local Cosmos DB, Service Bus and Blob Storage ...');
  const cosmos = await startLocalCosmos({ port: cosmosPort, dataDir, log });
  stops.push(cosmos.stop);
  const bus = await startServiceBusEmulator({ port: busPort, dataDir: dataDir && join(dataDir, 'servicebus'), entities: HELPDESK_ENTITIES, log });
  stops.unshift(bus.stop);
  const blob = await startLocalBlob({ port: blobPort, dataDir: dataDir && join(dataDir, 'blob') });
  stops.push(blob.stop);

  const functions = args['cosmos-only'] ? null : loadFunctionFiles();
  // The API listens first: its port (0 = any) goes into the links that e-mails carry.
  const host = functions ? await startFunctionsHost({ port: apiPort, functions: functions.http, log }) : null;
  if (host) stops.unshift(host.stop);
  Object.assign(
    process.env,
    localSettings({
      COSMOS_ENDPOINT: cosmos.endpoint,
      SERVICEBUS_CONNECTION_STRING: bus.connectionString,
      ATTACHMENTS_CONNECTION_STRING: blob.connectionString,
      MAIL_OUTBOX_DIR: mailOutbox,
      ...(host ? { PUBLIC_BASE_URL: `http://localhost:${host.port}` } : {}),
    }),
  );

  const svc = services();
  await svc.store.ensureSchema();
  await svc.blobs.ensureContainer();
  const seeded = await seedDirectory(svc.directory, DEMO_DIRECTORY);
  console.log(`Cosmos DB:   ${cosmos.endpoint} (${dataDir ? `data in ${dataDir}` : 'in memory'}; ${seeded} directory entries seeded)`);
  console.log(`Service Bus: ${bus.connectionString}`);
  console.log(`Blob Storage: ${blob.endpoint} (Azurite; attachments)`);
  console.log(`Mail outbox: ${mailOutbox}`);

  if (functions && host) {
    // The triggers get a connection of their own, as the Functions host's listeners have: sends
    // of the app's client never wait behind deliveries to its receivers.
    const triggerBus = new ServiceBusAdapter({ connectionString: bus.connectionString });
    const triggers = startTriggers({ bus: triggerBus, serviceBus: functions.serviceBus, timers: functions.timers, log });
    stops.unshift(() => svc.bus.close(), () => triggerBus.close(), triggers.stop);
    console.log(`\nFunctions:`);
    for (const f of functions.http) console.log(`  ${f.name}: [${f.methods.join(',')}] ${host.origin}/${hostRoute(f.route)}`);
    for (const f of functions.serviceBus) console.log(`  ${f.name}: [serviceBusTrigger] ${'queue' in f.entity ? f.entity.queue : `${f.entity.topic}/${f.entity.subscription}`}`);
    for (const f of functions.timers) console.log(`  ${f.name}: [timerTrigger] every ${f.everySeconds}s`);
    console.log(`\nHelp desk API: ${host.url}`);
    console.log(`Customer portal: ${host.origin}/`);
    console.log(`Agent console:   ${host.origin}/staff`);
    console.log(`Agent token:   npm run token -- jane@example.com`);
  }
  console.log('Ready. Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ...`);
    svc.store.dispose();
    void (async () => {
      for (const s of stops) await s();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') console.error(`error: ${(err as Error).message}: is another help desk already running? Stop it or pass --port/--cosmos-port/--servicebus-port/--blob-port.`);
  else console.error(err);
  process.exit(1);
});
