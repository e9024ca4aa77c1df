// `npm start`: the whole help desk on this machine, no Azure account and no Docker. Starts the
// local Cosmos DB (durable under .local-data/), seeds the directory, and serves the functions on
// http://localhost:7071/api the way the Functions host would.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seedDirectory } from '../shared/app/seed';
import { services } from '../shared/composition';
import { DEMO_DIRECTORY } from '../shared/seed/demo-directory';
import { startLocalCosmos } from './cosmos-server';
import { loadFunctionFiles, startFunctionsHost } from './functions-host';
import { DEFAULT_API_PORT, DEFAULT_COSMOS_PORT, DEFAULT_DATA_DIR, localSettings } from './settings';

const HELP = `Usage: npm start -- [options]

Starts the local help desk: a Cosmos DB-compatible server, the seeded directory and the functions.

Options:
  --port <n>         API port (default ${DEFAULT_API_PORT}; 0 picks a free one)
  --cosmos-port <n>  local Cosmos DB port (default ${DEFAULT_COSMOS_PORT}; 0 picks a free one)
  --data-dir <path>  where tickets are kept between runs (default .local-data/)
  --clean            start from a clean slate: delete the saved data first
  --memory           keep nothing on disk (throw-away runs, tests)
  --cosmos-only      start only the store, for running the functions with \`func start\`
  -h, --help         show this help
`;

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`error: ${name} must be a port number (0-65535), got '${value}'`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'cosmos-port': { type: 'string' },
        'data-dir': { type: 'string' },
        clean: { type: 'boolean', default: false },
        memory: { type: 'boolean', default: false },
        'cosmos-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(HELP);
    return;
  }
  const apiPort = port(args.port, DEFAULT_API_PORT, '--port');
  const cosmosPort = port(args['cosmos-port'], DEFAULT_COSMOS_PORT, '--cosmos-port');
  const dataDir = args.memory ? null : (args['data-dir'] ?? DEFAULT_DATA_DIR);
  if (args.clean && dataDir) rmSync(dataDir, { recursive: true, force: true });

  const log = (line: string) => console.log(line);
  console.log('Starting the local Cosmos DB ...');
  const cosmos = await startLocalCosmos({ port: cosmosPort, dataDir, log });
  Object.assign(process.env, localSettings({ COSMOS_ENDPOINT: cosmos.endpoint }));

  const svc = services();
  await svc.store.ensureSchema();
  const seeded = await seedDirectory(svc.directory, DEMO_DIRECTORY);
  console.log(`Cosmos DB: ${cosmos.endpoint} (${dataDir ? `data in ${dataDir}` : 'in memory'}; ${seeded} directory entries seeded)`);

  const stops: (() => Promise<void>)[] = [];
  if (!args['cosmos-only']) {
    const functions = loadFunctionFiles();
    const host = await startFunctionsHost({ port: apiPort, functions, log });
    stops.push(host.stop);
    console.log(`\nFunctions:`);
    for (const f of functions) console.log(`  ${f.name}: [${f.methods.join(',')}] ${host.url}/${f.route}`);
    console.log(`\nHelp desk API: ${host.url}`);
    console.log(`Agent token:   npm run token -- jane@example.com`);
  }
  stops.push(cosmos.stop);
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
  if (code === 'EADDRINUSE') console.error(`error: ${(err as Error).message}: is another help desk already running? Stop it or pass --port/--cosmos-port.`);
  else console.error(err);
  process.exit(1);
});
