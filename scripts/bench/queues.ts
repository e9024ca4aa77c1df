// Staff queues (open, mine, overdue) with 1,000 and 5,000 tickets in the store, first page and a
// later page, through GET /api/staff/tickets. The 5,000 figures carry the 1,000 ones as baseline.
// The store is filled with raw creates of documents built by the domain (same shape as intake's),
// with an empty outbox so the sweeps leave them alone.
import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { hashSecret } from '../../shared/auth/customer-token';
import { openTicket } from '../../shared/domain/lifecycle';
import type { Ticket } from '../../shared/domain/model';
import { TICKETS } from '../../shared/store/containers';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { demoDirectory } from './directory';
import { agentToken, bearer, call, expectStatus, newTicketBody, type BenchStack } from './stack';
import { figure, percentile, pool, progress, type Figure } from './stats';

export const QUEUE_CAVEAT =
  'Local queue figures: the local Cosmos server scans every document on every query, so they grow with the store. ' +
  'Azure Cosmos DB answers these queries from the composite indexes declared in infra/main.bicep ' +
  '(test/unit/queue-indexes.test.ts checks that every queue filter and ORDER BY is covered), so there the charge and latency do not grow with the store.';

export interface QueueOptions {
  sizes: number[];
  runs: number;
  requestsPerRun: number;
  /** Which page counts as "a later page" (1-based). */
  laterPage: number;
  pageSize: number;
}

const QUEUES = ['open', 'mine', 'overdue'] as const;
type Queue = (typeof QUEUES)[number];

/** A realistic mix: a fifth assigned to the measuring agent, a tenth overdue, a tenth resolved, activity spread over 30 days. */
function seededTicket(i: number, now: number): Ticket {
  const body = newTicketBody(i);
  const created = new Date(now - Math.floor(Math.random() * 30 * 86_400_000)).toISOString();
  const t = openTicket(
    {
      number: String(1_000_000 + i), // 7 digits: never collides with intake's random 6-digit numbers
      customer: { name: body.name, email: body.email, phone: null },
      topicId: i % 7 === 0 ? 'business-critical-outage' : body.topicId,
      subject: body.subject,
      message: body.message,
      source: 'api',
      accessTokenHash: hashSecret(`seed-${i}`),
      idempotencyKeyHash: null,
    },
    demoDirectory(),
    { now: created, newId: randomUUID },
  );
  const overdue = i % 10 === 3;
  return {
    ...t,
    assigneeId: i % 5 === 0 ? 'admin' : null,
    status: i % 10 === 7 ? 'resolved' : 'open',
    overdue,
    // Overdue ones are already marked, so the SLA sweep finds nothing to do during the measurement.
    dueAt: overdue ? new Date(now - 3_600_000 - i).toISOString() : new Date(now + 86_400_000 + i * 1000).toISOString(),
    outbox: [],
  };
}

async function seed(stack: BenchStack, from: number, to: number): Promise<void> {
  const client = new CosmosClient({ endpoint: stack.cosmosEndpoint, key: LOCAL_DEFAULTS.COSMOS_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
  const container = client.database(LOCAL_DEFAULTS.COSMOS_DATABASE).container(TICKETS.id);
  const now = Date.now();
  try {
    await pool(Array.from({ length: to - from }, (_, k) => from + k), 16, async (i) => {
      await container.items.create(seededTicket(i, now));
      if ((i + 1) % 1000 === 0) progress(`queues: ${i + 1} tickets in the store`);
    });
  } finally {
    client.dispose();
  }
}

interface PageReply {
  items: unknown[];
  nextCursor: string | null;
}

export async function benchQueues(stack: BenchStack, options: QueueOptions): Promise<Figure[]> {
  const token = await agentToken('admin@example.com');
  const get = (path: string) => call<PageReply>(stack.api, 'GET', path, undefined, bearer(token));
  const results = new Map<string, { p50: number[]; p99: number[] }>();
  let stored = 0;
  for (const size of options.sizes) {
    await seed(stack, stored, size);
    stored = size;
    for (const queue of QUEUES) {
      const first = `/staff/tickets?queue=${queue}&limit=${options.pageSize}`;
      // A cursor is stateless (continuation + the queue's "now"), so the same later page can be asked for again and again.
      let later = first;
      for (let page = 1; page < options.laterPage; page++) {
        const r = expectStatus(await get(later), 200, `queue ${queue} page ${page}`);
        if (!r.body.nextCursor) throw new Error(`queue ${queue} has fewer than ${options.laterPage} pages at ${size} tickets`);
        later = `${first}&cursor=${encodeURIComponent(r.body.nextCursor)}`;
      }
      for (const [page, path] of [['first page', first], [`page ${options.laterPage}`, later]] as const) {
        const key = `${queue}|${page}|${size}`;
        const entry = { p50: [] as number[], p99: [] as number[] };
        for (let run = 1; run <= options.runs; run++) {
          const ms: number[] = [];
          for (let k = 0; k < options.requestsPerRun; k++) {
            const r = expectStatus(await get(path), 200, `queue ${queue}`);
            if (r.body.items.length === 0) throw new Error(`queue ${queue} ${page} is empty at ${size} tickets`);
            ms.push(r.ms);
          }
          entry.p50.push(percentile(ms, 50));
          entry.p99.push(percentile(ms, 99));
        }
        results.set(key, entry);
      }
      progress(`queues: ${queue} at ${size} tickets: first page p50 ${results.get(`${queue}|first page|${size}`)!.p50[0]!.toFixed(0)} ms`);
    }
  }
  const figures: Figure[] = [];
  const [small, ...larger] = options.sizes;
  for (const size of larger) {
    for (const queue of QUEUES) {
      for (const page of ['first page', `page ${options.laterPage}`]) {
        const big = results.get(`${queue}|${page}|${size}`)!;
        const base = results.get(`${queue}|${page}|${small}`)!;
        const g = `Queues (local server, ${size.toLocaleString('en')} vs ${small!.toLocaleString('en')} tickets)`;
        figures.push(figure(g, `${queue}, ${page}, p50`, 'ms', big.p50, { baseline: { name: `at ${small!.toLocaleString('en')} tickets`, perRun: base.p50 } }));
        figures.push(figure(g, `${queue}, ${page}, p99`, 'ms', big.p99, { baseline: { name: `at ${small!.toLocaleString('en')} tickets`, perRun: base.p99 } }));
      }
    }
  }
  figures.at(-1)!.note = QUEUE_CAVEAT;
  return figures;
}

export type { Queue };
