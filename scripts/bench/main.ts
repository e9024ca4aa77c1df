// `npm run bench`: the help desk's benchmarks on the local stack. Each figure is the median over
// repeated runs with min and max, beside a baseline measured in the same run. Prints a table and
// writes JSON (bench-results/latest.json by default) so one run can be compared with the next.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../local/settings';
import { benchAttachments } from './attachments';
import { benchColdStart } from './cold-start';
import { benchCost } from './cost';
import { benchHostile } from './hostile';
import { benchEventLag } from './event-lag';
import { benchIntake } from './intake';
import { MAIL_FETCH_ENV, NO_DOVECOT_SKIP, benchMailFetch } from './mail-fetch';
import { benchGraphMail, graphStandInForBench } from './graph-mail';
import { benchPeer } from './peer';
import { benchQueues, QUEUE_CAVEAT } from './queues';
import { machine, markdown, table, writeReport, type BenchReport } from './report';
import { benchSlaLag } from './sla-lag';
import { startBenchStack, type BenchStack } from './stack';
import { benchStaffActions } from './staff-actions';
import type { Figure } from './stats';

export const DEFAULT_OUT = join(PROJECT_ROOT, 'bench-results', 'latest.json');
const BENCHMARKS = ['intake', 'staff', 'events', 'queues', 'sla', 'mail', 'graph', 'attachments', 'cold-start', 'cost', 'hostile'] as const;
type Benchmark = (typeof BENCHMARKS)[number];

const HELP = `Usage: npm run bench -- [options]

Runs the help desk's benchmarks on the local stack (each in a fresh local stack process), prints
a table and writes the results as JSON. Every figure is the median over repeated runs, with min,
max and a baseline measured in the same run.

Benchmarks:
  intake      POST /api/tickets at concurrency 1 and 16 (tickets/s, p50/p95/p99) vs a raw
              @azure/cosmos create of the same document on the same server
  staff       assign, reply, resolve (p50/p99) on tickets with 50-entry threads vs fresh tickets
  events      lag from a ticket's write to its event on Service Bus through the change feed (p50/p99)
  queues      open, mine, overdue queues at 1,000 and 5,000 tickets, first and a later page
  sla         lag from due time to the recorded overdue mark, 5,000 tickets due within one minute
  mail        mail delivered into the local IMAP mailbox -> ticket created (p50/p99), the fetch
              timer every second; skipped with a line when Dovecot is not installed
  graph       a Microsoft 365 mailbox's change notification -> ticket created and webhook answered
              (p50/p99), through the recording Graph stand-in
  attachments a customer message with a 1 MiB file vs without; its download through the API vs
              a raw @azure/storage-blob download from the same Azurite
  cold-start  deployment bundle size, time to load it, time from spawning the stack to its first 200
  cost        Cosmos requests per lifecycle action, estimated RU and USD per 1,000 tickets
  hostile     the worst outside text found (file names, subjects, headers, HTML, MIME): ms per MB

Options:
  --only <list>   comma-separated subset, e.g. --only intake,sla (default: all)
  --quick         a smoke run: fewer runs and requests (about a minute); figures are rough
  --out <file>    where to write the JSON (default bench-results/latest.json)
  --markdown      also print the table as Markdown (for the README)
  --peer-osticket <url> --peer-key <key>
                  also run the intake load (a new requester per ticket, concurrency 1 and 16,
                  alternating) against an osTicket you run (its api/tickets.json; the key is an
                  osTicket API key for this machine's address) and this help desk; prints ratios
  -h, --help      show this help

Takes about 9 minutes in full on a 2-core machine. Do not run other heavy work meanwhile.`;

function usage(message: string): never {
  console.error(`error: ${message}\n\nRun with --help for the options.`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
        markdown: { type: 'boolean', default: false },
        'peer-osticket': { type: 'string' },
        'peer-key': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    return usage((err as Error).message);
  }
}

function selected(only: string | undefined): Benchmark[] {
  if (!only) return [...BENCHMARKS];
  const names = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
  if (unknown.length) usage(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}`);
  return BENCHMARKS.filter((b) => names.includes(b));
}

/** Each benchmark gets a fresh stack, so what one leaves behind never slows the next. */
async function withStack<T>(run: (stack: BenchStack) => Promise<T>, env?: Record<string, string>, triggersYield = false): Promise<T> {
  const stack = await startBenchStack({ ...(env ? { env } : {}), triggersYield });
  try {
    return await run(stack);
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) return void console.log(HELP);
  const benchmarks = selected(args.only);
  const peerUrl = args['peer-osticket'];
  const peerKey = args['peer-key'];
  if ((peerUrl === undefined) !== (peerKey === undefined)) usage('--peer-osticket and --peer-key go together');
  if (peerUrl !== undefined && !/^https?:\/\//i.test(peerUrl)) usage(`--peer-osticket must be an http(s) URL, got '${peerUrl}'`);
  const quick = args.quick;
  const out = args.out ?? DEFAULT_OUT;
  const startedAt = new Date();
  const figures: Figure[] = [];
  const notes: string[] = [];
  console.log(`Benchmarks: ${benchmarks.join(', ')}${quick ? ' (quick: rough figures)' : ''}`);
  for (const b of benchmarks) {
    const t0 = performance.now();
    console.log(`\n== ${b}`);
    switch (b) {
      case 'intake':
        figures.push(...(await withStack((s) => benchIntake(s, quick ? { runs: 2, requests: { 1: 30, 16: 160 }, spacing: { runs: 2, requests: 15 } } : { runs: 3, requests: { 1: 150, 16: 600 }, spacing: { runs: 3, requests: 40 } }), undefined, true)));
        break;
      case 'staff':
        figures.push(...(await withStack((s) => benchStaffActions(s, quick ? { runs: 2, ticketsPerRun: 5, threadEntries: 50 } : { runs: 3, ticketsPerRun: 25, threadEntries: 50 }))));
        break;
      case 'events':
        figures.push(...(await withStack((s) => benchEventLag(s, quick ? { runs: 2, tickets: 20, goalMs: 1_000 } : { runs: 3, tickets: 60, goalMs: 1_000 }))));
        break;
      case 'queues':
        figures.push(...(await withStack((s) => benchQueues(s, quick ? { sizes: [500, 1000], runs: 2, requestsPerRun: 3, laterPage: 2, pageSize: 25 } : { sizes: [1000, 5000], runs: 3, requestsPerRun: 7, laterPage: 4, pageSize: 25 }))));
        console.log(`  Caveat: ${QUEUE_CAVEAT}`);
        notes.push(QUEUE_CAVEAT);
        break;
      case 'sla':
        figures.push(...(await withStack((s) => benchSlaLag(s, quick ? { runs: 1, tickets: 200, windowMs: 10_000, graceMs: 40_000, goalMs: 250 } : { runs: 1, tickets: 5_000, windowMs: 60_000, graceMs: 60_000, goalMs: 250 }))));
        break;
      case 'mail': {
        const rows = await withStack((s) => benchMailFetch(s, quick ? { runs: 2, mails: 10, spacingMs: 150, timeoutMs: 30_000 } : { runs: 3, mails: 40, spacingMs: 150, timeoutMs: 60_000 }), MAIL_FETCH_ENV);
        if (rows) figures.push(...rows);
        else {
          console.log(`  ${NO_DOVECOT_SKIP}`);
          notes.push(NO_DOVECOT_SKIP);
        }
        break;
      }
      case 'graph': {
        const { graph, env } = await graphStandInForBench();
        try {
          figures.push(...(await withStack((s) => benchGraphMail(s, graph, quick ? { runs: 2, mails: 10 } : { runs: 3, mails: 60 }), env)));
        } finally {
          await graph.close();
        }
        break;
      }
      case 'attachments':
        figures.push(...(await withStack((s) => benchAttachments(s, quick ? { runs: 2, perRun: 5, fileBytes: 1024 * 1024 } : { runs: 3, perRun: 20, fileBytes: 1024 * 1024 }))));
        break;
      case 'cold-start':
        figures.push(...(await benchColdStart({ runs: quick ? 2 : 5 })));
        break;
      case 'cost':
        figures.push(...(await benchCost({ tickets: quick ? 5 : 30 })));
        break;
      case 'hostile':
        figures.push(...(await benchHostile({ runs: quick ? 2 : 5 })));
        break;
    }
    console.log(`  ${b} took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  if (peerUrl && peerKey) {
    console.log(`\n== beside osTicket (${peerUrl})`);
    const requests = quick ? { 1: 20, 16: 80 } : { 1: 100, 16: 400 };
    figures.push(...(await withStack((s) => benchPeer(s, { url: peerUrl, key: peerKey, runs: 3, requests }))));
  }
  for (const f of figures) if (f.note && !notes.some((n) => n.endsWith(f.note!))) notes.push(`${f.group} / ${f.name}: ${f.note}`);
  const finishedAt = new Date();
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
    mode: quick ? 'quick' : 'full',
    benchmarks,
    machine: machine(),
    figures,
    notes,
  };
  console.log(`\n${table(figures)}`);
  for (const n of notes) console.log(`* ${n}`);
  if (args.markdown) console.log(`\n${markdown(figures)}`);
  writeReport(out, report);
  const m = report.machine;
  console.log(`\n${figures.length} figures in ${report.durationSeconds} s on ${m.cpus} × ${m.cpuModel}, Node ${m.node}; written to ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
