// Event lag: from a ticket's write (its 201) to its event on Service Bus, now that events leave
// through the change feed (issue 20). One intake at a time on a quiet stack; the clock stops when
// the local Service Bus has counted the send (polled over the stack's IPC every few ms, so the
// figure includes up to that much). Locally the change-feed host looks every 100 ms; in Azure the
// trigger's feedPollDelay is 1 s (functions/events-publish.ts), so add up to a second there.
import { call, newTicketBody, type BenchStack } from './stack';
import { figure, percentile, progress, type Figure } from './stats';

export interface EventLagOptions {
  runs: number;
  tickets: number;
  goalMs: number;
}

export async function benchEventLag(stack: BenchStack, options: EventLagOptions): Promise<Figure[]> {
  const p50: number[] = [];
  const p99: number[] = [];
  let serial = 0;
  for (let run = 1; run <= options.runs; run++) {
    const lags: number[] = [];
    for (let i = 0; i < options.tickets; i++) {
      await stack.settled();
      const sendsBefore = (await stack.storeCounts()).bus.sends;
      const r = await call(stack.api, 'POST', '/tickets', newTicketBody(serial++));
      if (r.status !== 201) throw new Error(`intake answered ${r.status}`);
      const written = performance.now();
      for (;;) {
        if ((await stack.storeCounts()).bus.sends > sendsBefore) break;
        if (performance.now() - written > 10_000) throw new Error('no event reached Service Bus within 10 s of the write');
        await new Promise((res) => setTimeout(res, 2));
      }
      lags.push(performance.now() - written);
    }
    p50.push(percentile(lags, 50));
    p99.push(percentile(lags, 99));
    progress(`event lag run ${run}/${options.runs}: p50 ${p50.at(-1)!.toFixed(0)} ms, p99 ${p99.at(-1)!.toFixed(0)} ms over ${options.tickets} tickets`);
  }
  const g = `Event lag (write -> Service Bus, ${options.tickets} tickets/run)`;
  const note = `goal: p99 under ${options.goalMs} ms locally (change-feed host polls every 100 ms; Azure's trigger polls every 1 s after draining)`;
  return [figure(g, 'p50', 'ms', p50, { note }), figure(g, 'p99', 'ms', p99, { note })];
}
