// `npm run dead-letters -- list|resubmit`: what failed for good on the bus, and sending it again
// once the cause is fixed. Works against the local stack (default) and against Azure (--namespace,
// with your Azure CLI sign-in or any DefaultAzureCredential source).
import { DefaultAzureCredential } from '@azure/identity';
import Table from 'cli-table3';
import { parseArgs } from 'node:util';
import { ServiceBusAdapter, type BusConnection } from '../shared/bus/service-bus';
import { CliError, EXIT, runMain } from './lib/cli';
import { EVENTS_TOPIC, NOTIFICATIONS_SUBSCRIPTION, SLA_SUBSCRIPTION, SLA_TIMERS_QUEUE, STATS_SUBSCRIPTION, type BusEntity } from '../shared/bus/topology';

const ENTITIES: Record<string, BusEntity> = {
  notifications: { topic: EVENTS_TOPIC, subscription: NOTIFICATIONS_SUBSCRIPTION },
  sla: { topic: EVENTS_TOPIC, subscription: SLA_SUBSCRIPTION },
  stats: { topic: EVENTS_TOPIC, subscription: STATS_SUBSCRIPTION },
  'sla-timers': { queue: SLA_TIMERS_QUEUE },
};
const LOCAL = 'Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true';

const HELP = `Usage: npm run dead-letters -- <list|resubmit> [options]

  list       show the dead letters (message id, ticket, reason) of each entity
  resubmit   send the dead letters of one entity back to be processed again, then remove them

Options:
  --entity <name>             ${Object.keys(ENTITIES).join(' | ')} (list: all by default; resubmit: required)
  --max <n>                   at most this many messages (default 100)
  --namespace <fqdn>          an Azure Service Bus namespace, e.g. sb-abc.servicebus.windows.net
  --connection-string <cs>    a connection string (default: the local stack on 127.0.0.1:5672,
                              or SERVICEBUS_CONNECTION_STRING when set)
  --json                      print JSON instead of a table
  -h, --help                  show this help
`;

function fail(message: string): never {
  throw new CliError(message, EXIT.usage);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        entity: { type: 'string' },
        max: { type: 'string', default: '100' },
        namespace: { type: 'string' },
        'connection-string': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}; see --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) return void console.log(HELP);
  const command = positionals[0];
  if (command !== 'list' && command !== 'resubmit') fail('say what to do: list or resubmit (see --help)');
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1 || max > 1000) fail('--max must be a whole number from 1 to 1000');
  if (values.entity !== undefined && !(values.entity in ENTITIES)) fail(`unknown entity '${values.entity}'; choose ${Object.keys(ENTITIES).join(', ')}`);

  const connection: BusConnection = values.namespace
    ? { namespace: values.namespace, credential: new DefaultAzureCredential() }
    : { connectionString: values['connection-string'] ?? process.env['SERVICEBUS_CONNECTION_STRING'] ?? LOCAL };
  const bus = new ServiceBusAdapter(connection, { timeoutMs: 10_000 });
  try {
    if (command === 'resubmit') {
      if (!values.entity) fail('resubmit needs --entity');
      const count = await bus.resubmitDeadLetters(ENTITIES[values.entity]!, max);
      console.log(`Resubmitted ${count} message(s) from ${values.entity}'s dead letters.`);
      return;
    }
    const names = values.entity ? [values.entity] : Object.keys(ENTITIES);
    const letters = (await Promise.all(names.map((n) => bus.deadLetters(ENTITIES[n]!, max)))).flat();
    if (values.json) return void console.log(JSON.stringify(letters, null, 2));
    if (letters.length === 0) return void console.log(`No dead letters in ${names.join(', ')}.`);
    const table = new Table({ head: ['entity', 'message id', 'ticket', 'reason', 'description', 'enqueued', 'deliveries'], style: { head: process.stdout.isTTY ? ['cyan'] : [] } });
    for (const l of letters) table.push([l.entity, l.messageId, l.ticketNumber ?? '', l.reason, l.description.slice(0, 80), l.enqueuedAt ?? '', l.deliveryCount]);
    console.log(table.toString());
  } finally {
    await bus.close();
  }
}

runMain(main);
