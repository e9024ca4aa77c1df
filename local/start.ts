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
import { AZURITE_ACCOUNT, AZURITE_KEY, DEFAULT_BLOB_PORT, startLocalBlob } from './blob-server';
import { startLocalCosmos, type CosmosRequestCounts } from './cosmos-server';
import { hostRoute, timerSchedule } from '../shared/host/functions';
import { openApiPath, parseRouteTemplate } from '../shared/http/route-template';
import { loadFunctionFiles, startFunctionsHost } from './functions-host';
import { DEFAULT_SERVICEBUS_PORT, HELPDESK_ENTITIES, startServiceBusEmulator } from './servicebus';
import { DEFAULT_API_PORT, DEFAULT_COSMOS_PORT, DEFAULT_DATA_DIR, localSettings } from './settings';
import { localHelpdeskSecret } from './helpdesk-secret';
import { DEFAULT_IMAP_PORT } from './dovecot';
import { startLocalMailboxes } from './local-mailboxes';
import { startTriggers } from './trigger-host';
import { startChangeFeeds } from './change-feed-host';
import { logLine } from './log-lines';

const HELP = `Usage: npm start -- [options]

Starts the local help desk: Cosmos DB- and Service Bus-compatible servers, Azurite for
attachments, the seeded directory, and the functions (HTTP, Service Bus triggers, timers).

Options:
  --port <n>             API port (default ${DEFAULT_API_PORT}; 0 picks a free one)
  --cosmos-port <n>      local Cosmos DB port (default ${DEFAULT_COSMOS_PORT}; 0 picks a free one)
  --servicebus-port <n>  local Service Bus (AMQP) port (default ${DEFAULT_SERVICEBUS_PORT}; 0 picks a free one)
  --blob-port <n>        local Blob Storage (Azurite) port (default ${DEFAULT_BLOB_PORT}; 0 picks a free one)
  --data-dir <path>      where tickets and messages are kept between runs (default .local-data/)
  --imap-port <n>        local IMAP (Dovecot, when installed) port (default ${DEFAULT_IMAP_PORT}; 0 picks a free one)
  --mail-outbox <path>   where every e-mail is written as .eml (default <data-dir>/mail-outbox/)
  --clean                start from a clean slate: delete the saved data first
  --memory               keep nothing on disk (throw-away runs, tests)
  --cosmos-only          start only the stores (Cosmos DB, Service Bus, Blob Storage), for running
                         the functions with \`func start\` or with --host-only in another process
  --host-only            start only the functions (HTTP, triggers, timers), using the stores at:
    --cosmos-endpoint <url>        e.g. http://127.0.0.1:8081
    --servicebus-connection <str>  the emulator's connection string (Endpoint=sb://...)
    --blob-endpoint <url>          Azurite's blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1
  --functions <which>    all (default), http (the API and web pages only) or triggers (the Service
                         Bus triggers, timers and change feed only; no API: set PUBLIC_BASE_URL to
                         the API's address for the links in e-mails). Two processes, one each,
                         share the work as Flex Consumption's per-function scaling does
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
        'imap-port': { type: 'string' },
        'mail-outbox': { type: 'string' },
        clean: { type: 'boolean', default: false },
        memory: { type: 'boolean', default: false },
        'cosmos-only': { type: 'boolean', default: false },
        'host-only': { type: 'boolean', default: false },
        'cosmos-endpoint': { type: 'string' },
        'servicebus-connection': { type: 'string' },
        'blob-endpoint': { type: 'string' },
        functions: { type: 'string', default: 'all' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    return fail((err as Error).message);
  }
}

type Args = ReturnType<typeof parse>;

interface Stores {
  cosmos: { endpoint: string };
  bus: { connectionString: string };
  blob: { endpoint: string; connectionString: string };
  /** What the stores served, when this process runs them. */
  counts?: { cosmos: () => CosmosRequestCounts; bus: () => { sends: number; pending: number } };
}

async function startStores(
  o: { cosmosPort: number; busPort: number; blobPort: number; dataDir: string | null; log: (line: string) => void },
  stops: (() => Promise<void> | void)[],
): Promise<Stores> {
  console.log('Starting the local Cosmos DB, Service Bus and Blob Storage ...');
  const cosmos = await startLocalCosmos({ port: o.cosmosPort, dataDir: o.dataDir, log: o.log });
  stops.push(cosmos.stop);
  const bus = await startServiceBusEmulator({ port: o.busPort, dataDir: o.dataDir && join(o.dataDir, 'servicebus'), entities: HELPDESK_ENTITIES, log: o.log });
  stops.unshift(bus.stop);
  const blob = await startLocalBlob({ port: o.blobPort, dataDir: o.dataDir && join(o.dataDir, 'blob') });
  stops.push(blob.stop);
  return { cosmos, bus, blob, counts: { cosmos: cosmos.counts, bus: bus.stats } };
}

/** --host-only: the stores another process runs (`--cosmos-only`), named on the command line. */
function givenStores(args: Args): Stores {
  const need = (name: 'cosmos-endpoint' | 'servicebus-connection' | 'blob-endpoint') => args[name] ?? fail(`--host-only needs --${name}`);
  const url = (name: 'cosmos-endpoint' | 'blob-endpoint') => {
    const v = need(name);
    if (!URL.canParse(v)) fail(`--${name} must be a URL, got '${v}'`);
    return v.replace(/\/+$/, '');
  };
  const busConnection = need('servicebus-connection');
  if (!/^Endpoint=sb:\/\//i.test(busConnection)) fail(`--servicebus-connection must be a connection string starting Endpoint=sb://, got '${busConnection}'`);
  const blobEndpoint = url('blob-endpoint');
  return {
    cosmos: { endpoint: url('cosmos-endpoint') },
    bus: { connectionString: busConnection },
    // Azurite's published development account and key, as the stores' process uses.
    blob: { endpoint: blobEndpoint, connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};` },
  };
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) return void console.log(HELP);
  const apiPort = port(args.port, DEFAULT_API_PORT, '--port');
  const cosmosPort = port(args['cosmos-port'], DEFAULT_COSMOS_PORT, '--cosmos-port');
  const busPort = port(args['servicebus-port'], DEFAULT_SERVICEBUS_PORT, '--servicebus-port');
  const blobPort = port(args['blob-port'], DEFAULT_BLOB_PORT, '--blob-port');
  const dataDir = args.memory ? null : (args['data-dir'] ?? DEFAULT_DATA_DIR);
  const imapPort = port(args['imap-port'], DEFAULT_IMAP_PORT, '--imap-port');
  if (args.clean && dataDir) rmSync(dataDir, { recursive: true, force: true });
  const mailOutbox = args['mail-outbox'] ?? (dataDir ? join(dataDir, 'mail-outbox') : mkdtempSync(join(tmpdir(), 'helpdesk-mail-')));

  // Mailbox passwords, one file per secretRef (issue 24), unless a setting names another folder.
  const mailboxSecrets = localSettings().MAILBOX_SECRETS_DIR ?? (dataDir ? join(dataDir, 'mailbox-secrets') : mkdtempSync(join(tmpdir(), 'helpdesk-mailbox-secrets-')));
  const log = (line: string) => console.log(line);
  const stops: (() => Promise<void> | void)[] = [];
  if (args['host-only'] && args['cosmos-only']) fail('--host-only and --cosmos-only exclude each other');
  const which = args.functions;
  if (which !== 'all' && which !== 'http' && which !== 'triggers') fail(`--functions must be all, http or triggers, got '${which}'`);
  if (which !== 'all' && args['cosmos-only']) fail('--functions and --cosmos-only exclude each other');
  const stores = args['host-only'] ? givenStores(args) : await startStores({ cosmosPort, busPort, blobPort, dataDir, log }, stops);
  const { cosmos, bus, blob } = stores;

  // As under the Functions host, the settings are in the environment before any function file
  // loads (a file may decide there whether to declare itself: auth-dev-sign-in). Ports come below.
  // The help-desk secret is kept in the data folder (issue 18); its value is never printed.
  const secret = localHelpdeskSecret(dataDir, localSettings().HELPDESK_SECRET);
  Object.assign(process.env, localSettings({ HELPDESK_SECRET: secret.secret }));
  const functions = args['cosmos-only'] ? null : loadFunctionFiles();
  // The API listens first: its port (0 = any) goes into the links that e-mails carry.
  const host = functions && which !== 'triggers' ? await startFunctionsHost({ port: apiPort, functions: functions.http, log: logLine }) : null;
  if (host) stops.unshift(host.stop);
  Object.assign(
    process.env,
    localSettings({
      COSMOS_ENDPOINT: cosmos.endpoint,
      SERVICEBUS_CONNECTION_STRING: bus.connectionString,
      ATTACHMENTS_CONNECTION_STRING: blob.connectionString,
      MAIL_OUTBOX_DIR: mailOutbox,
      ...(host ? { PUBLIC_BASE_URL: `http://localhost:${host.port}` } : {}),
      MAILBOX_SECRETS_DIR: mailboxSecrets,
    }),
  );

  const svc = services();
  await svc.store.ensureSchema();
  await svc.blobs.ensureContainer();
  // The process that runs the stores seeds them; a host started apart finds the directory there.
  const seeded = args['host-only'] ? 0 : await seedDirectory(svc.directory, DEMO_DIRECTORY);
  console.log(`Cosmos DB:   ${cosmos.endpoint} (${args['host-only'] ? 'started elsewhere' : `${dataDir ? `data in ${dataDir}` : 'in memory'}; ${seeded} directory entries seeded`})`);
  console.log(`Service Bus: ${bus.connectionString}`);
  console.log(`Blob Storage: ${blob.endpoint} (Azurite; attachments)`);
  console.log(`Mail outbox: ${mailOutbox}`);
  const secretWhere = { environment: 'from HELPDESK_SECRET', created: `created in ${secret.file}`, kept: `kept in ${secret.file}`, memory: 'new for this run (nothing kept with --memory)' };
  console.log(`Help-desk secret: ${secretWhere[secret.source]}`);

  if (!args['host-only']) {
    const imapDir = dataDir ? join(dataDir, 'dovecot') : mkdtempSync(join(tmpdir(), 'helpdesk-dovecot-'));
    const dovecot = await startLocalMailboxes({ dir: imapDir, port: imapPort, secretsDir: mailboxSecrets, directory: svc.directory, log });
    if (dovecot) stops.push(dovecot.stop);
  }
  if (functions && which !== 'http') {
    // The triggers get a connection of their own, as the Functions host's listeners have: sends
    // of the app's client never wait behind deliveries to its receivers.
    const triggerBus = new ServiceBusAdapter({ connectionString: bus.connectionString });
    const triggers = startTriggers({ bus: triggerBus, serviceBus: functions.serviceBus, timers: functions.timers, log });
    const feeds = startChangeFeeds({ source: svc.store, functions: functions.changeFeeds, log });
    stops.unshift(() => triggerBus.close(), triggers.stop, feeds.stop);
  }
  if (functions) {
    stops.unshift(() => svc.bus.close());
    console.log(`\nFunctions:`);
    // The path a browser uses: the site root's empty-only parameter is shown as `/`.
    if (host) for (const f of functions.http) console.log(`  ${f.name}: [${f.methods.join(',')}] ${host.origin}${openApiPath(parseRouteTemplate(hostRoute(f.route), f.name))}`);
    if (which !== 'http') {
      for (const f of functions.serviceBus) console.log(`  ${f.name}: [serviceBusTrigger] ${'queue' in f.entity ? f.entity.queue : `${f.entity.topic}/${f.entity.subscription}`}`);
      for (const f of functions.timers) console.log(`  ${f.name}: [timerTrigger] ${timerSchedule(f).text}`);
      for (const f of functions.changeFeeds) console.log(`  ${f.name}: [cosmosDBTrigger] ${f.container} (leases in ${f.leaseContainer})`);
    }
    if (host) {
      console.log(`\nHelp desk API: ${host.url}`);
      console.log(`Customer portal: ${host.origin}/`);
      console.log(`Agent console:   ${host.origin}/staff`);
      console.log(`Agent token:   npm run token -- jane@example.com`);
    }
  }
  // A parent that spawned this process with an IPC channel (the benchmarks) may ask what the
  // stores served: the round trips per action are counted where the requests arrive.
  // It may also ask for this process's CPU time (what the function host alone spends).
  const counts = stores.counts;
  if (process.send) {
    process.on('message', (m: unknown) => {
      if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
      if (m === 'counts') process.send!(counts ? { cosmos: counts.cosmos(), bus: counts.bus() } : { error: 'this process runs no stores' });
    });
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
