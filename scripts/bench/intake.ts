// Intake: tickets per second and latency through POST /api/tickets at concurrency 1 and 16,
// against the baseline of a raw @azure/cosmos create of the same document on the same server.
// Two rates: accepted (the clock stops at the last 201) and sustained (it stops when every
// message the tickets caused is settled: mail written, timers scheduled). Beside them what one
// intake costs the function host (CPU) and the stores (round trips), and the p50 of one intake at
// a time back to back against the same requests 60 ms apart (a wait between requests, such as
// Nagle's algorithm meeting a delayed ACK, shows up as that ratio).
// The baseline writes to a container of its own with the tickets' indexing policy, so its
// documents never reach the help desk's queues, sweeps or events.
import { randomUUID } from 'node:crypto';
import { CosmosClient, type Container } from '@azure/cosmos';
import { hashSecret, newAccessToken } from '../../shared/auth/customer-token';
import { newTicketNumber } from '../../shared/app/customer-tickets';
import { openTicket } from '../../shared/domain/lifecycle';
import { TICKETS } from '../../shared/store/containers';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { demoDirectory } from './directory';
import { footprintFigures, perRequest, snapshot, type Footprint } from './footprint';
import { call, newTicketBody, type BenchStack } from './stack';
import { figure, percentile, pool, progress, since, type Figure } from './stats';

export interface IntakeOptions {
  runs: number;
  requests: Record<1 | 16, number>;
  /** Back to back vs 60 ms apart: rounds, and sequential requests per series. */
  spacing: { runs: number; requests: number };
}

/** The pause between one answer and the next request in the spaced series. */
export const SPACING_MS = 60;

interface RunResult {
  wallMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

async function timed(count: number, concurrency: number, task: (i: number) => Promise<{ ok: boolean; ms: number }>): Promise<RunResult> {
  const started = performance.now();
  const results = await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    task,
  );
  const wall = since(started);
  const ms = results.map((r) => r.ms);
  return { wallMs: wall, perSecond: (count / wall) * 1000, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), errors: results.filter((r) => !r.ok).length };
}

export async function baselineContainer(cosmosEndpoint: string): Promise<{ container: Container; dispose: () => void }> {
  const client = new CosmosClient({
    endpoint: cosmosEndpoint,
    key: LOCAL_DEFAULTS.COSMOS_KEY,
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const { database } = await client.databases.createIfNotExists({ id: LOCAL_DEFAULTS.COSMOS_DATABASE });
  const { container } = await database.containers.createIfNotExists({
    id: `bench-baseline-${randomUUID().slice(0, 8)}`,
    partitionKey: { paths: [TICKETS.partitionKeyPath] },
    indexingPolicy: TICKETS.indexingPolicy,
  });
  return { container, dispose: () => client.dispose() };
}

/** The document intake would store for request `i`: built by the same domain function. */
function ticketDocument(i: number) {
  const body = newTicketBody(i);
  const token = newAccessToken();
  return openTicket(
    {
      number: newTicketNumber(),
      customer: { name: body.name, email: body.email, phone: null },
      topicId: body.topicId,
      subject: body.subject,
      message: body.message,
      source: 'api',
      accessTokenHash: hashSecret(token),
      idempotencyKeyHash: null,
    },
    demoDirectory(),
    { now: new Date().toISOString(), newId: randomUUID },
  );
}

/** One intake after another, either back to back or SPACING_MS after each answer; the p50. */
async function sequentialP50(stack: BenchStack, requests: number, gapMs: number, next: () => number): Promise<number> {
  await stack.settled();
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const r = await call(stack.api, 'POST', '/tickets', newTicketBody(next()));
    if (r.status !== 201) throw new Error(`intake answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
    ms.push(r.ms);
    if (gapMs > 0) await new Promise((res) => setTimeout(res, gapMs));
  }
  return percentile(ms, 50);
}

async function backToBackVsSpaced(stack: BenchStack, o: IntakeOptions['spacing'], next: () => number): Promise<Figure> {
  const backToBack: number[] = [];
  const spaced: number[] = [];
  for (let run = 1; run <= o.runs; run++) {
    // Alternate which series goes first, so neither always meets a warmer or busier stack.
    if (run % 2) {
      backToBack.push(await sequentialP50(stack, o.requests, 0, next));
      spaced.push(await sequentialP50(stack, o.requests, SPACING_MS, next));
    } else {
      spaced.push(await sequentialP50(stack, o.requests, SPACING_MS, next));
      backToBack.push(await sequentialP50(stack, o.requests, 0, next));
    }
    progress(`intake one at a time run ${run}/${o.runs}: back to back p50 ${backToBack.at(-1)!.toFixed(1)} ms, ${SPACING_MS} ms apart ${spaced.at(-1)!.toFixed(1)} ms`);
  }
  return figure(`Intake one at a time (${o.requests} tickets/series)`, 'back-to-back p50', 'ms', backToBack, { baseline: { name: `${SPACING_MS} ms apart p50`, perRun: spaced } });
}

export async function benchIntake(stack: BenchStack, options: IntakeOptions): Promise<Figure[]> {
  const { container, dispose } = await baselineContainer(stack.cosmosEndpoint);
  const figures: Figure[] = [];
  let serial = 0;
  const failures = new Map<string, number>(); // "status code" -> count, so a note says what failed
  try {
    for (const concurrency of [1, 16] as const) {
      const count = options.requests[concurrency];
      const api: RunResult[] = [];
      const raw: RunResult[] = [];
      const sustained: number[] = [];
      const footprints: Footprint[] = [];
      // A short warm-up, so the first run does not pay for JIT and connection set-up alone.
      await timed(Math.min(20, count), concurrency, async () => ({ ok: (await call(stack.api, 'POST', '/tickets', newTicketBody(serial++))).status === 201, ms: 0 }));
      for (let run = 1; run <= options.runs; run++) {
        raw.push(
          await timed(count, concurrency, async (i) => {
            const doc = ticketDocument(i);
            const started = performance.now();
            try {
              await container.items.create(doc);
              return { ok: true, ms: since(started) };
            } catch {
              return { ok: false, ms: since(started) };
            }
          }),
        );
        // From a quiet stack: what earlier runs caused is settled before the clock starts.
        const before = await snapshot(stack, [container.id]);
        api.push(
          await timed(count, concurrency, async () => {
            const r = await call<{ error?: { code?: string } }>(stack.api, 'POST', '/tickets', newTicketBody(serial++));
            if (r.status !== 201) {
              const key = `${r.status} ${r.body?.error?.code ?? ''}`.trim();
              failures.set(key, (failures.get(key) ?? 0) + 1);
            }
            return { ok: r.status === 201, ms: r.ms };
          }),
        );
        const a = api.at(-1)!;
        const settling = await stack.settled();
        sustained.push((count / (a.wallMs + settling)) * 1000);
        footprints.push(perRequest(before, await snapshot(stack, [container.id]), count));
        const b = raw.at(-1)!;
        progress(`intake c=${concurrency} run ${run}/${options.runs}: ${a.perSecond.toFixed(0)} tickets/s accepted, ${sustained.at(-1)!.toFixed(0)}/s sustained (raw create ${b.perSecond.toFixed(0)}/s), p50 ${a.p50.toFixed(1)} ms, host CPU ${footprints.at(-1)!.cpuMs.toFixed(1)} ms/ticket, ${a.errors} errors`);
      }
      const errors = api.reduce((n, r) => n + r.errors, 0) + raw.reduce((n, r) => n + r.errors, 0);
      const note = errors ? `${errors} failed requests (${[...failures].map(([k, n]) => `${n}× ${k}`).join(', ')})` : undefined;
      failures.clear();
      const base = (pick: (r: RunResult) => number) => ({ name: 'raw @azure/cosmos create', perRun: raw.map(pick) });
      const g = `Intake (c=${concurrency}, ${count} tickets/run)`;
      figures.push(figure(g, 'tickets per second accepted (to the last 201)', 'tickets/s', api.map((r) => r.perSecond), { baseline: base((r) => r.perSecond), ...(note ? { note } : {}) }));
      figures.push(
        figure(g, 'tickets per second sustained (to the last mail and timer)', 'tickets/s', sustained, {
          baseline: { name: 'accepted', perRun: api.map((r) => r.perSecond) },
          note: 'sustained: the clock stops when every message the tickets caused is settled (their mail written, their SLA timers scheduled)',
        }),
      );
      figures.push(figure(g, 'p50 latency', 'ms', api.map((r) => r.p50), { baseline: base((r) => r.p50) }));
      figures.push(figure(g, 'p95 latency', 'ms', api.map((r) => r.p95), { baseline: base((r) => r.p95) }));
      figures.push(figure(g, 'p99 latency', 'ms', api.map((r) => r.p99), { baseline: base((r) => r.p99) }));
      figures.push(...footprintFigures(g, 'intake', footprints));
    }
    figures.push(await backToBackVsSpaced(stack, options.spacing, () => serial++));
  } finally {
    await container.delete().catch(() => undefined);
    dispose();
  }
  return figures;
}
