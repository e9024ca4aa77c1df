// Staff actions on tickets that already have long threads (50 entries): assign, reply, resolve,
// each through the HTTP API, against the same action on a fresh ticket in the same run (the
// ratio shows what a long thread costs: every action reads and rewrites the whole document).
// Beside the latencies, what each action costs the function host (CPU) and the stores (round
// trips), measured on the long-thread tickets from a quiet stack until its messages are settled.
import { footprintFigures, measure, type Footprint } from './footprint';
import { agentToken, bearer, call, expectStatus, newTicketBody, type BenchStack } from './stack';
import { figure, percentile, pool, progress, type Figure } from './stats';

export interface StaffOptions {
  runs: number;
  ticketsPerRun: number;
  threadEntries: number;
}

type Action = 'assign' | 'reply' | 'resolve';
const ACTIONS: Action[] = ['assign', 'reply', 'resolve'];

async function openTickets(stack: BenchStack, count: number, offset: number): Promise<string[]> {
  return pool(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    const r = expectStatus(await call<{ number: string }>(stack.api, 'POST', '/tickets', newTicketBody(offset + i)), 201, 'opening a ticket');
    return r.body.number;
  });
}

async function growThread(stack: BenchStack, token: string, number: string, entries: number): Promise<void> {
  const current = expectStatus(await call<{ thread: unknown[] }>(stack.api, 'GET', `/staff/tickets/${number}`, undefined, bearer(token)), 200, 'reading a ticket');
  for (let n = current.body.thread.length; n < entries; n++) {
    expectStatus(await call(stack.api, 'POST', `/staff/tickets/${number}/notes`, { message: `Working note ${n}: checked the logs, nothing yet.` }, bearer(token)), 201, 'adding a note');
  }
}

async function act(stack: BenchStack, token: string, number: string, action: Action): Promise<number> {
  const r =
    action === 'assign'
      ? await call(stack.api, 'PATCH', `/staff/tickets/${number}`, { assigneeId: 'john' }, bearer(token))
      : action === 'reply'
        ? await call(stack.api, 'POST', `/staff/tickets/${number}/replies`, { message: 'We have replaced the fuser; please try again.' }, bearer(token))
        : await call(stack.api, 'PATCH', `/staff/tickets/${number}`, { status: 'resolved' }, bearer(token));
  if (r.status !== 200 && r.status !== 201) throw new Error(`${action} on #${number}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.ms;
}

export async function benchStaffActions(stack: BenchStack, options: StaffOptions): Promise<Figure[]> {
  const admin = await agentToken('admin@example.com');
  const long: Record<Action, { p50: number[]; p99: number[] }> = { assign: { p50: [], p99: [] }, reply: { p50: [], p99: [] }, resolve: { p50: [], p99: [] } };
  const fresh: typeof long = structuredClone(long);
  const footprints: Record<Action, Footprint[]> = { assign: [], reply: [], resolve: [] };
  for (let run = 1; run <= options.runs; run++) {
    const longTickets = await openTickets(stack, options.ticketsPerRun, run * 10_000);
    const freshTickets = await openTickets(stack, options.ticketsPerRun, run * 10_000 + 5_000);
    await pool(longTickets, 6, (n) => growThread(stack, admin, n, options.threadEntries));
    progress(`staff actions run ${run}/${options.runs}: ${longTickets.length} tickets with ${options.threadEntries}-entry threads ready`);
    // One action at a time: latency of the action itself, not of a queue of them.
    for (const action of ACTIONS) {
      for (const [tickets, into] of [[longTickets, long], [freshTickets, fresh]] as const) {
        const ms: number[] = [];
        const footprint = await measure(stack, tickets.length, async () => {
          for (const n of tickets) ms.push(await act(stack, admin, n, action));
        });
        if (into === long) footprints[action].push(footprint);
        into[action].p50.push(percentile(ms, 50));
        into[action].p99.push(percentile(ms, 99));
      }
    }
    progress(`staff actions run ${run}/${options.runs}: assign p50 ${long.assign.p50.at(-1)!.toFixed(1)} ms (fresh ${fresh.assign.p50.at(-1)!.toFixed(1)} ms)`);
  }
  const g = `Staff actions (${options.threadEntries}-entry threads, ${options.ticketsPerRun} tickets/run)`;
  return ACTIONS.flatMap((a) => [
    figure(g, `${a} p50`, 'ms', long[a].p50, { baseline: { name: `${a} on a fresh ticket`, perRun: fresh[a].p50 } }),
    figure(g, `${a} p99`, 'ms', long[a].p99, { baseline: { name: `${a} on a fresh ticket`, perRun: fresh[a].p99 } }),
    ...footprintFigures(g, a, footprints[a]),
  ]);
}
