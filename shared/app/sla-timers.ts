// SLA timers: every new due time schedules a check at that moment; the check marks the ticket
// overdue if it still deserves it. A sweep catches any timer that went missing.
import { markFirstResponseOverdue, markOverdue, markSlaWarning } from '../domain/lifecycle';
import type { LifecycleEvent, Schedule } from '../domain/model';
import type { SlaTarget } from '../domain/ports';
import { scheduleForTicket, warningAt } from '../domain/sla';
import type { SlaTimerMessage } from '../schemas/events';
import { actionContext } from './customer-tickets';
import type { AppDeps } from './deps';
import { writeTicket } from './ticket-writes';

type Timing = { dueAt: string; target: SlaTarget; again: boolean };

/** The due times an event asks to be timed: a new ticket, a changed due time, a pending ticket open again. */
function timingsOf(event: LifecycleEvent): Timing[] {
  const at = (key: string, target: SlaTarget, again: boolean): Timing[] => {
    const dueAt = event.data[key];
    return typeof dueAt === 'string' ? [{ dueAt, target, again }] : [];
  };
  if (event.type === 'created') return [...at('dueAt', 'resolution', false), ...at('firstResponseDueAt', 'firstResponse', false)];
  if (event.type === 'due.changed') return at('dueAt', 'resolution', false);
  if (event.type === 'firstResponse.changed') return at('firstResponseDueAt', 'firstResponse', false);
  if (event.type === 'status.changed' && event.data['from'] === 'pending' && event.data['to'] === 'open') {
    // The clocks run again: time both targets anew, under a new message id, since a timer for an
    // unchanged due time may have fired (and done nothing) while the ticket was pending.
    return [...at('dueAt', 'resolution', true), ...at('firstResponseDueAt', 'firstResponse', true)];
  }
  return [];
}

/**
 * The warning before a due time, if the ticket's plan asks for one: how many business minutes
 * before, and the schedule they count in. Only read when some plan warns at all, so desks without
 * warnings pay no extra read per timer.
 */
async function warningOf(deps: Pick<AppDeps, 'directory' | 'tickets'>, ticketNumber: string): Promise<{ minutes: number; calendar: Schedule } | null> {
  const d = await deps.directory.load();
  if (!d.slaPlans.some((p) => p.warnBeforeMinutes)) return null;
  const ticket = (await deps.tickets.get(ticketNumber))?.value;
  const minutes = d.slaPlans.find((p) => p.id === ticket?.slaPlanId)?.warnBeforeMinutes;
  return ticket && minutes ? { minutes, calendar: scheduleForTicket(d, ticket) } : null;
}

/**
 * From the `sla` subscription: each due time an event sets is timed with a check at that moment
 * and, when the plan says so, a warning `warnBeforeMinutes` of business time before it.
 */
export async function scheduleForEvent(deps: Pick<AppDeps, 'clock' | 'directory' | 'dueTimes' | 'tickets'>, event: LifecycleEvent): Promise<boolean> {
  const timings = timingsOf(event);
  if (timings.length === 0) return false;
  const warning = await warningOf(deps, event.ticketNumber);
  const now = deps.clock.now().toISOString();
  for (const { dueAt, target, again } of timings) {
    const which = target === 'firstResponse' ? { target } : {};
    await deps.dueTimes.scheduleCheck(event.ticketNumber, dueAt, { again, ...which });
    const warnAt = warning ? warningAt(now, dueAt, warning.minutes, warning.calendar) : null;
    if (warnAt) await deps.dueTimes.scheduleCheck(event.ticketNumber, dueAt, { again, ...which, warnAt });
  }
  return true;
}

/** `paused`: the ticket is pending, its clocks stopped; leaving pending times the targets again. */
export type TimerOutcome = 'overdue' | 'warned' | 'stale' | 'early' | 'missing' | 'paused';

/** How early a check may arrive and simply wait, rather than being scheduled again. */
const EARLY_WAIT_MS = 5_000;

/** From the `sla-timers` queue: the check for one due time, or the warning before it. */
export async function checkDueTime(deps: Pick<AppDeps, 'clock' | 'directory' | 'dueTimes' | 'newId' | 'tickets'>, timer: SlaTimerMessage): Promise<TimerOutcome> {
  if (timer.warnAt) return warnBefore(deps, { ...timer, warnAt: timer.warnAt });
  const found = await deps.tickets.get(timer.ticketNumber);
  if (!found) return 'missing';
  const t = found.value;
  const first = timer.target === 'firstResponse';
  const unmarked = first
    ? !t.firstResponseAt && !t.firstResponseOverdue && t.firstResponseDueAt === timer.dueAt
    : !t.overdue && t.dueAt === timer.dueAt;
  if (t.status === 'pending' && unmarked) return 'paused';
  if (t.status !== 'open' || !unmarked) return 'stale';
  const earlyMs = Date.parse(timer.dueAt) - deps.clock.now().getTime();
  if (earlyMs > EARLY_WAIT_MS) {
    // Delivered well before its time (clock skew between machines): check again then. A new
    // message id, or duplicate detection would drop the copy of the message being handled.
    await deps.dueTimes.scheduleCheck(timer.ticketNumber, timer.dueAt, { again: true, ...(first ? { target: 'firstResponse' as const } : {}) });
    return 'early';
  }
  // A timer a hair early (timer rounding) waits out the rest instead of going round again.
  if (earlyMs > 0) await new Promise((r) => setTimeout(r, earlyMs));
  let marked = false;
  // The resolution breach escalates as the plan says, in the same write as the overdue mark.
  const directory = first ? undefined : await deps.directory.load();
  await writeTicket(deps.tickets, timer.ticketNumber, (ticket) => {
    const next = first ? markFirstResponseOverdue(ticket, timer.dueAt, actionContext(deps)) : markOverdue(ticket, timer.dueAt, actionContext(deps), directory);
    marked = next !== null;
    return next ? { ticket: next, changed: true } : { ticket, changed: false };
  });
  return marked ? 'overdue' : 'stale';
}

/** The warning timer of one target: records the warning (once per due time) and publishes it for the alert. */
async function warnBefore(deps: Pick<AppDeps, 'clock' | 'dueTimes' | 'newId' | 'tickets'>, timer: SlaTimerMessage & { warnAt: string }): Promise<TimerOutcome> {
  const found = await deps.tickets.get(timer.ticketNumber);
  if (!found) return 'missing';
  const target = timer.target ?? 'resolution';
  if (found.value.status === 'pending') return 'paused';
  const earlyMs = Date.parse(timer.warnAt) - deps.clock.now().getTime();
  if (earlyMs > EARLY_WAIT_MS) {
    await deps.dueTimes.scheduleCheck(timer.ticketNumber, timer.dueAt, { again: true, warnAt: timer.warnAt, ...(target === 'firstResponse' ? { target } : {}) });
    return 'early';
  }
  let marked = false;
  await writeTicket(deps.tickets, timer.ticketNumber, (ticket) => {
    const next = markSlaWarning(ticket, target, timer.dueAt, actionContext(deps));
    marked = next !== null;
    return next ? { ticket: next, changed: true } : { ticket, changed: false };
  });
  return marked ? 'warned' : 'stale';
}

/**
 * Marks every open ticket past a due time that no timer has marked yet: the resolution target, then
 * the first-response target, at most `limit` tickets each a run. It goes through the timer's own
 * check, so a timer arriving later finds the mark and the alert goes out once.
 */
export async function sweepOverdue(deps: Pick<AppDeps, 'clock' | 'directory' | 'dueTimes' | 'log' | 'newId' | 'tickets'>, limit = 100): Promise<number> {
  const now = deps.clock.now().toISOString();
  let total = 0;
  for (const target of ['resolution', 'firstResponse'] as const) {
    let marked = 0;
    for (const number of await deps.tickets.dueNotMarked(now, limit, target)) {
      const t = (await deps.tickets.get(number))?.value;
      const dueAt = target === 'firstResponse' ? t?.firstResponseDueAt : t?.dueAt;
      const timer: SlaTimerMessage = { ticketNumber: number, dueAt: dueAt ?? '', ...(target === 'firstResponse' ? { target } : {}) };
      if (dueAt && (await checkDueTime(deps, timer)) === 'overdue') marked++;
    }
    if (marked > 0) deps.log.info(`SLA sweep marked ${marked} ${target === 'firstResponse' ? 'first response(s)' : 'ticket(s)'} overdue`);
    total += marked;
  }
  return total;
}
