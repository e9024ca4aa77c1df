// SLA timers: lag from a ticket's due time to the overdue mark the sla-timer function records
// (the thread event's createdAt minus dueAt), for many tickets due within the same minute.
// Due times are set by hand through PATCH dueAt (the API's own way), which schedules the timer.
import { agentToken, bearer, call, expectStatus, newTicketBody, type BenchStack } from './stack';
import { figure, percentile, pool, progress, type Figure } from './stats';

export interface SlaOptions {
  runs: number;
  tickets: number;
  /** Due times are spread evenly over this window (well within one minute). */
  windowMs: number;
  /** How long after the window to wait for stragglers before counting them as missed. */
  graceMs: number;
  /** The p99 lag the row is held to. */
  goalMs: number;
}

interface StaffTicket {
  dueAt: string | null;
  overdue: boolean;
  thread: { type: string; createdAt: string; event?: { field: string; to: string | null } }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** The lag of one ticket in ms, or null while it is not marked overdue yet. */
function lagOf(t: StaffTicket): number | null {
  if (!t.overdue || !t.dueAt) return null;
  const mark = t.thread.filter((e) => e.type === 'event' && e.event?.field === 'overdue').at(-1);
  return mark ? Date.parse(mark.createdAt) - Date.parse(t.dueAt) : null;
}

export async function benchSlaLag(stack: BenchStack, options: SlaOptions): Promise<Figure[]> {
  const token = await agentToken('admin@example.com');
  const perRun = { p50: [] as number[], p99: [] as number[], max: [] as number[], setup: [] as number[], missed: 0 };
  for (let run = 1; run <= options.runs; run++) {
    const started = Date.now();
    const numbers = await pool(Array.from({ length: options.tickets }, (_, i) => i), 16, async (i) => {
      return expectStatus(await call<{ number: string }>(stack.api, 'POST', '/tickets', newTicketBody(run * 100_000 + i)), 201, 'opening a ticket').body.number;
    });
    // Leave time for the PATCHes themselves, which must name a future time: twice as long as
    // opening the tickets took (the same number of requests; a PATCH reads and writes), and 5 s
    // more, so a busy machine still makes it.
    const opened = Date.now();
    const windowStart = opened + 5_000 + 2 * Math.max(options.tickets * 10, opened - started);
    const due = numbers.map((_, i) => new Date(windowStart + Math.floor((i * options.windowMs) / options.tickets)).toISOString());
    await pool(numbers, 16, async (n, i) => {
      expectStatus(await call(stack.api, 'PATCH', `/staff/tickets/${n}`, { dueAt: due[i] }, bearer(token)), 200, 'setting a due time');
    });
    perRun.setup.push((Date.now() - started) / 1000);
    if (Date.now() >= windowStart) throw new Error('setting the due times took longer than the lead time (is the machine busy?); run again when it is quieter');
    progress(`SLA run ${run}/${options.runs}: ${numbers.length} tickets due between ${due[0]!.slice(11, 23)} and ${due.at(-1)!.slice(11, 23)}; waiting`);
    // Read nothing while timers fire, so the measurement does not slow the functions it measures.
    await sleep(windowStart + options.windowMs + 2_000 - Date.now());
    const lags = new Map<string, number>();
    const deadline = Date.now() + options.graceMs;
    for (;;) {
      const pending = numbers.filter((n) => !lags.has(n));
      await pool(pending, 8, async (n) => {
        const r = expectStatus(await call<StaffTicket>(stack.api, 'GET', `/staff/tickets/${n}`, undefined, bearer(token)), 200, 'reading a ticket');
        const lag = lagOf(r.body);
        if (lag !== null) lags.set(n, lag);
      });
      if (lags.size === numbers.length || Date.now() > deadline) break;
      await sleep(1_000);
    }
    const values = [...lags.values()];
    const missed = numbers.length - values.length;
    perRun.missed += missed;
    perRun.p50.push(percentile(values, 50));
    perRun.p99.push(percentile(values, 99));
    perRun.max.push(Math.max(...values));
    progress(`SLA run ${run}/${options.runs}: lag p50 ${perRun.p50.at(-1)!.toFixed(0)} ms, p99 ${perRun.p99.at(-1)!.toFixed(0)} ms, max ${perRun.max.at(-1)!.toFixed(0)} ms, ${missed} not marked within ${options.graceMs / 1000} s`);
  }
  const g = `SLA timer lag (${options.tickets} tickets due within ${options.windowMs / 1000} s)`;
  const goal = `goal p99 < ${options.goalMs} ms: ${perRun.p99.every((v) => v < options.goalMs) ? 'met in every run' : 'NOT met'}`;
  return [
    figure(g, 'due -> overdue p50', 'ms', perRun.p50),
    figure(g, 'due -> overdue p99', 'ms', perRun.p99, { note: `${goal}${perRun.missed ? `; ${perRun.missed} ticket(s) not marked in time` : ''}` }),
    figure(g, 'due -> overdue max', 'ms', perRun.max),
    figure(g, 'setup: open the tickets, set their due times', 's', perRun.setup),
  ];
}
