// `npm run sla-backfill`: builds the SLA report's day counters (issue 23) for tickets that existed
// before the stats consumer, or after counters were lost. Each ticket's figures are counted once
// (the same keys the consumer uses), so running it twice, or while the consumer runs, adds nothing twice.
import { DefaultAzureCredential } from '@azure/identity';
import { parseArgs } from 'node:util';
import { backfillSlaCounters } from '../shared/app/sla-report';
import { CosmosStore } from '../shared/store/cosmos';
import { LOCAL_DEFAULTS } from '../local/settings';
import { CliError, EXIT, runMain } from './lib/cli';

const HELP = `Usage: npm run sla-backfill -- [options]

Counts every ticket's SLA figures (targets met or breached, times to first response and to
resolution) into the day counters GET /api/staff/sla-report reads. Safe to run again: a figure
already counted is not counted twice. Prints a progress line per ${100} tickets.

Options:
  --endpoint <url>     the Cosmos DB account (default: COSMOS_ENDPOINT, else the local stack on
                       ${LOCAL_DEFAULTS.COSMOS_ENDPOINT})
  --database <name>    the database (default: COSMOS_DATABASE, else ${LOCAL_DEFAULTS.COSMOS_DATABASE})
  --key <key>          an account key (default: COSMOS_KEY; the local stack's key for a loopback
                       endpoint; otherwise your Azure sign-in through DefaultAzureCredential)
  -h, --help           show this help

Exit codes: 0 done, 1 failed (e.g. the store is unreachable), 2 bad usage.
`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        endpoint: { type: 'string' },
        database: { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}; see --help`, EXIT.usage);
  }
  const { values } = parsed;
  if (values.help) return void console.log(HELP);
  const endpoint = values.endpoint || process.env['COSMOS_ENDPOINT'] || LOCAL_DEFAULTS.COSMOS_ENDPOINT;
  if (!/^https?:\/\/[^/]+/.test(endpoint)) throw new CliError(`--endpoint must be a URL such as https://cosmos-abc.documents.azure.com:443/, not '${endpoint}'`, EXIT.usage);
  const database = values.database || process.env['COSMOS_DATABASE'] || LOCAL_DEFAULTS.COSMOS_DATABASE;
  const loopback = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?/.test(endpoint);
  const key = values.key || process.env['COSMOS_KEY'] || (loopback ? LOCAL_DEFAULTS.COSMOS_KEY : undefined);
  const auth = key ? { key } : { credential: new DefaultAzureCredential() };
  const store = new CosmosStore({ endpoint, database, ...auth });
  const log = { info: (m: string) => console.log(m), warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };
  try {
    console.log(`Counting SLA figures of the tickets in ${endpoint} (${database}) ...`);
    const done = await backfillSlaCounters({ tickets: store, directory: store.directoryEntries, clock: { now: () => new Date() }, log, slaCounters: store.slaCounters }, (p) =>
      console.log(`  ${p.scanned} ticket(s) read, up to #${p.lastNumber}: ${p.added} figure(s) newly counted`),
    );
    console.log(`Done: ${done.scanned} ticket(s) read, ${done.added} figure(s) newly counted${done.added === 0 && done.scanned > 0 ? ' (all were counted already)' : ''}.`);
  } finally {
    store.dispose();
  }
}

runMain(main);
