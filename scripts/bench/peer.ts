// Beside osTicket: the same intake load against an osTicket one runs (its api/tickets.json, with
// an API key) and against this help desk (POST /api/tickets), a new requester per ticket, at
// concurrency 1 and 16, the two systems alternating round by round so neither always meets the
// machine warmer or busier. Only with --peer-osticket and --peer-key; never in CI. No osTicket
// code lives here: the request is osTicket's documented JSON ticket API (setup/doc/api/tickets.md
// in osTicket's repository: name, email, subject, message; 201 with the ticket number).
import { randomUUID } from 'node:crypto';
import { call, newTicketBody, type BenchStack } from './stack';
import { figure, percentile, pool, progress, since, type Figure } from './stats';

export interface PeerOptions {
  /** osTicket's base URL (http://host/osticket) or its api/tickets.json itself. */
  url: string;
  key: string;
  runs: number;
  requests: Record<1 | 16, number>;
}

interface Round {
  perSecond: number;
  p50: number;
}

export function ticketsEndpoint(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/api\/tickets\.json$/i.test(trimmed) ? trimmed : `${trimmed}/api/tickets.json`;
}

async function osTicketIntake(endpoint: string, key: string, body: ReturnType<typeof newTicketBody>): Promise<number> {
  const started = performance.now();
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ name: body.name, email: body.email, subject: body.subject, message: body.message, alert: true, autorespond: true, source: 'API' }),
  });
  const text = await res.text();
  const ms = since(started);
  if (res.status !== 201) {
    throw new Error(`osTicket answered ${res.status} at ${endpoint}: ${text.slice(0, 200)} (is --peer-key an API key of that osTicket, allowed to create tickets, for the address this machine calls from?)`);
  }
  return ms;
}

async function round(count: number, concurrency: number, one: (i: number) => Promise<number>): Promise<Round> {
  const started = performance.now();
  const ms = await pool(Array.from({ length: count }, (_, i) => i), concurrency, one);
  return { perSecond: (count / since(started)) * 1000, p50: percentile(ms, 50) };
}

export async function benchPeer(stack: BenchStack, options: PeerOptions): Promise<Figure[]> {
  const endpoint = ticketsEndpoint(options.url);
  // A new requester per ticket, also across bench runs against the same osTicket.
  const runId = randomUUID().slice(0, 8);
  let serial = 0;
  const body = () => {
    const b = newTicketBody(serial++);
    return { ...b, email: `bench-${runId}-${serial}@example.org` };
  };
  const ours = async () => {
    const r = await call(stack.api, 'POST', '/tickets', body());
    if (r.status !== 201) throw new Error(`the help desk answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
    return r.ms;
  };
  const theirs = () => osTicketIntake(endpoint, options.key, body());
  const figures: Figure[] = [];
  for (const concurrency of [1, 16] as const) {
    const count = options.requests[concurrency];
    // A short warm-up each: connections, JIT, PHP's opcode cache.
    await round(Math.min(10, count), concurrency, ours);
    await round(Math.min(10, count), concurrency, theirs);
    const helpdesk: Round[] = [];
    const osticket: Round[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const order = run % 2 ? [ours, theirs] : [theirs, ours];
      for (const one of order) (one === ours ? helpdesk : osticket).push(await round(count, concurrency, one));
      progress(`beside osTicket c=${concurrency} run ${run}/${options.runs}: ${helpdesk.at(-1)!.perSecond.toFixed(1)} vs ${osticket.at(-1)!.perSecond.toFixed(1)} tickets/s, p50 ${helpdesk.at(-1)!.p50.toFixed(1)} vs ${osticket.at(-1)!.p50.toFixed(1)} ms`);
      await stack.settled();
    }
    const g = `Beside osTicket (c=${concurrency}, ${count} tickets/run)`;
    figures.push(figure(g, 'help desk tickets per second', 'tickets/s', helpdesk.map((r) => r.perSecond), { baseline: { name: 'osTicket', perRun: osticket.map((r) => r.perSecond) } }));
    figures.push(figure(g, 'help desk p50 latency', 'ms', helpdesk.map((r) => r.p50), { baseline: { name: 'osTicket', perRun: osticket.map((r) => r.p50) } }));
  }
  return figures;
}
