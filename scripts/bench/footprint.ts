// What one request costs where Azure bills it: CPU milliseconds of the function app's processes
// alone (the HTTP one and the triggers' one: the mail and timers a request causes count too), and
// the round trips to the stores, counted by the local servers as they serve them.
import type { BenchStack, StoreCounts } from './stack';
import { figure, type Figure } from './stats';

export interface Footprint {
  cpuMs: number;
  ticketWrites: number;
  otherWrites: number;
  reads: number;
  busSends: number;
}

const TICKETS_CONTAINER = 'tickets';

function sum(c: StoreCounts, which: (container: string) => boolean): number {
  return Object.entries(c.cosmos.writes).reduce((n, [container, count]) => (which(container) ? n + count : n), 0);
}

/** A reading to subtract from a later one. Waits until the stack is quiet, so no earlier work leaks in. */
export async function snapshot(stack: BenchStack, ignoreContainers: readonly string[] = []): Promise<Footprint> {
  await stack.settled();
  const [cpuMs, c] = await Promise.all([stack.hostCpuMs(), stack.storeCounts()]);
  return {
    cpuMs,
    ticketWrites: c.cosmos.writes[TICKETS_CONTAINER] ?? 0,
    otherWrites: sum(c, (name) => name !== TICKETS_CONTAINER && !ignoreContainers.includes(name)),
    reads: c.cosmos.reads,
    busSends: c.bus.sends,
  };
}

/** Per request: (after − before) / requests. `after` must come from snapshot() (settled). */
export function perRequest(before: Footprint, after: Footprint, requests: number): Footprint {
  const per = (k: keyof Footprint) => (after[k] - before[k]) / requests;
  return { cpuMs: per('cpuMs'), ticketWrites: per('ticketWrites'), otherWrites: per('otherWrites'), reads: per('reads'), busSends: per('busSends') };
}

/** Runs `work` (`requests` requests) between two settled readings. */
export async function measure(stack: BenchStack, requests: number, work: () => Promise<void>, ignoreContainers: readonly string[] = []): Promise<Footprint> {
  const before = await snapshot(stack, ignoreContainers);
  await work();
  return perRequest(before, await snapshot(stack, ignoreContainers), requests);
}

/** Rows: the host's CPU per request, then each kind of store round trip per request. */
export function footprintFigures(group: string, action: string, perRun: readonly Footprint[]): Figure[] {
  const pick = (k: keyof Footprint) => perRun.map((f) => f[k]);
  return [
    figure(group, `${action}: function host CPU per request`, 'ms', pick('cpuMs'), { note: 'CPU time of the function app alone (its HTTP and trigger processes together; the stores run in another), until every message it caused is settled' }),
    figure(group, `${action}: ticket writes per request`, 'requests', pick('ticketWrites')),
    figure(group, `${action}: other Cosmos writes per request`, 'requests', pick('otherWrites')),
    figure(group, `${action}: Cosmos reads and queries per request`, 'requests', pick('reads')),
    figure(group, `${action}: Service Bus sends per request`, 'requests', pick('busSends')),
  ];
}
