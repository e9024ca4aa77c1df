// SLA timers: every new due time schedules a check at that moment; the check marks the ticket
// overdue if it still deserves it. A sweep catches any timer that went missing.
import { markFirstResponseOverdue, markOverdue } from '../domain/lifecycle';
import type { LifecycleEvent } from '../domain/model';
import type { SlaTimerMessage } from '../schemas/events';
import { actionContext } from './customer-tickets';
import type { AppDeps } from './deps';
import { publishAfterWrite } from './event-publishing';
import { writeTicket } from './ticket-writes';

/** From the `sla` subscription: a new ticket or a changed due time schedules a check per target. */
export async function scheduleForEvent(deps: AppDeps, event: LifecycleEvent): Promise<boolean> {
  let scheduled = false;
  if (event.type === 'created' || event.type === 'due.changed') {
    const dueAt = event.data['dueAt'];
    if (typeof dueAt === 'string') {
      await deps.dueTimes.scheduleCheck(event.ticketNumber, dueAt);
      scheduled = true;
    }
  }
  if (event.type === 'created' || event.type === 'firstResponse.changed') {
    const dueAt = event.data['firstResponseDueAt'];
    if (typeof dueAt === 'string') {
      await deps.dueTimes.scheduleCheck(event.ticketNumber, dueAt, { target: 'firstResponse' });
      scheduled = true;
    }
  }
  if (event.type === 'status.changed' && event.data['from'] === 'pending' && event.data['to'] === 'open') {
    // The clocks run again: time both targets anew, under a new message id, since a timer for an
    // unchanged due time may have fired (and done nothing) while the ticket was pending.
    for (const [key, target] of [['dueAt', undefined], ['firstResponseDueAt', 'firstResponse']] as const) {
      const dueAt = event.data[key];
      if (typeof dueAt !== 'string') continue;
      await deps.dueTimes.scheduleCheck(event.ticketNumber, dueAt, { again: true, ...(target ? { target } : {}) });
      scheduled = true;
    }
  }
  return scheduled;
}

/** `paused`: the ticket is pending, its clocks stopped; leaving pending times the targets again. */
export type TimerOutcome = 'overdue' | 'stale' | 'early' | 'missing' | 'paused';

/** How early a check may arrive and simply wait, rather than being scheduled again. */
const EARLY_WAIT_MS = 5_000;

/** From the `sla-timers` queue: the check for one due time. */
export async function checkDueTime(deps: AppDeps, timer: SlaTimerMessage): Promise<TimerOutcome> {
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
  const saved = await writeTicket(deps.tickets, timer.ticketNumber, (ticket) => {
    const next = (first ? markFirstResponseOverdue : markOverdue)(ticket, timer.dueAt, actionContext(deps));
    marked = next !== null;
    return next ? { ticket: next, changed: true } : { ticket, changed: false };
  });
  if (!marked) return 'stale';
  await publishAfterWrite(deps, saved);
  return 'overdue';
}

/**
 * Marks every open ticket past a due time that no timer has marked yet: the resolution target, then
 * the first-response target, at most `limit` tickets each a run. It goes through the timer's own
 * check, so a timer arriving later finds the mark and the alert goes out once.
 */
export async function sweepOverdue(deps: AppDeps, limit = 100): Promise<number> {
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
