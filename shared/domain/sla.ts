// SLA math: a ticket is due a number of business hours after its SLA anchor (creation or
// reopening), counted in the schedule that governs it. Plans may set a tighter target per priority,
// the way Freshdesk and Zendesk SLA policies do; that is why a priority change recomputes the due
// time. The first-response target (Zendesk's and Zammad's "first reply time") counts from creation.
import { addBusinessHours, businessMsBetween, WEEKDAYS, type BusinessCalendar } from './business-time';
import { ALWAYS_OPEN_SCHEDULE_ID, type Directory, type Priority, type Schedule, type SlaPlan, type Ticket } from './model';

/** Open around the clock in UTC: what a directory falls back to when the default schedule is missing. */
export const ALWAYS_OPEN: Schedule = {
  kind: 'schedule',
  id: ALWAYS_OPEN_SCHEDULE_ID,
  name: '24/7',
  timezone: 'UTC',
  hours: WEEKDAYS.map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: [],
};

export function graceHours(plan: SlaPlan, priority: Priority): number {
  return plan.priorityGraceHours?.[priority] ?? plan.gracePeriodHours;
}

/** Which schedule counts: the department's, else the plan's, else the system default. */
export function scheduleIdFor(d: Directory, departmentId: string, plan: SlaPlan | undefined): string {
  const dept = d.departments.find((x) => x.id === departmentId);
  return dept?.scheduleId ?? plan?.scheduleId ?? d.sla.defaultScheduleId;
}

export function scheduleFor(d: Directory, departmentId: string, plan: SlaPlan | undefined): Schedule {
  const id = scheduleIdFor(d, departmentId, plan);
  // A schedule in use cannot be deleted (directory rules), so a miss means an older directory.
  return d.schedules.find((s) => s.id === id) ?? ALWAYS_OPEN;
}

const HOUR_MS = 3_600_000;

/**
 * The resolution target; null when the schedule cannot meet it within the calculator's horizon.
 * `pausedMs`: business time the clock stood still (pending spells since the anchor), added on.
 */
export function computeDueAt(anchorIso: string, plan: SlaPlan, priority: Priority, calendar: BusinessCalendar, pausedMs = 0): string | null {
  return addBusinessHours(anchorIso, graceHours(plan, priority) + pausedMs / HOUR_MS, calendar);
}

/** The first-response target, or null when the plan has none; `pausedMs` as for `computeDueAt`. */
export function computeFirstResponseDueAt(anchorIso: string, plan: SlaPlan, calendar: BusinessCalendar, pausedMs = 0): string | null {
  return plan.firstResponseHours === undefined || plan.firstResponseHours === null ? null : addBusinessHours(anchorIso, plan.firstResponseHours + pausedMs / HOUR_MS, calendar);
}

/**
 * When to warn that a target approaches: the first instant from `nowIso` on with `warnBeforeMinutes`
 * of business time left before `dueAt` (counted forwards: the instant `left - warn` business time
 * after now), or now itself when less than that is left already. Null once past due.
 */
export function warningAt(nowIso: string, dueAt: string, warnBeforeMinutes: number, calendar: BusinessCalendar): string | null {
  if (isPastDue(dueAt, nowIso)) return null;
  const left = businessMsBetween(nowIso, dueAt, calendar);
  const warnMs = Math.round(warnBeforeMinutes * 60_000);
  if (left <= warnMs) return new Date(Date.parse(nowIso)).toISOString();
  return addBusinessHours(nowIso, (left - warnMs) / HOUR_MS, calendar);
}

/**
 * The business time inside finished pending spells after `sinceIso` (the part of a spell before
 * it does not count): what a clock that stops while pending must add to its target.
 */
export function pausedBusinessMs(pauses: readonly { from: string; to: string }[] | undefined, sinceIso: string, calendar: BusinessCalendar): number {
  const since = Date.parse(sinceIso);
  let total = 0;
  for (const p of pauses ?? []) {
    const from = Math.max(Date.parse(p.from), since);
    if (Date.parse(p.to) > from) total += businessMsBetween(new Date(from).toISOString(), p.to, calendar);
  }
  return total;
}

/** Past due: open and the due time has passed (the SLA timer records it as `overdue`). */
export function isPastDue(dueAt: string | null, nowIso: string): boolean {
  return dueAt !== null && Date.parse(dueAt) <= Date.parse(nowIso);
}

/** One SLA target as agents see it: when it is due, how much business time is left, whether it was met. */
export interface TargetStanding {
  dueAt: string | null;
  /** When the target was reached (the first agent response; resolving or closing), or null. */
  doneAt: string | null;
  /** true: reached by its due time; false: reached late, or still open past it; null: still open, not yet due (or no due time). */
  met: boolean | null;
  /**
   * Business minutes from now to the due time, counted in the ticket's schedule; negative once
   * past due (how far overdue, in business time); null when done or there is no due time.
   */
  businessMinutesLeft: number | null;
}

export interface SlaStanding {
  schedule: { id: string; name: string; timezone: string };
  /** Since when the clocks stand still (the ticket is pending); null while they run. Left time is counted to then. */
  pausedSince: string | null;
  /** Null when the ticket's plan sets no first-response target. */
  firstResponse: TargetStanding | null;
  resolution: TargetStanding;
}

function standing(dueAt: string | null, doneAt: string | null, nowIso: string, calendar: BusinessCalendar): TargetStanding {
  if (dueAt === null) return { dueAt, doneAt, met: null, businessMinutesLeft: null };
  if (doneAt !== null) return { dueAt, doneAt, met: Date.parse(doneAt) <= Date.parse(dueAt), businessMinutesLeft: null };
  const ahead = businessMsBetween(nowIso, dueAt, calendar);
  const behind = businessMsBetween(dueAt, nowIso, calendar);
  return { dueAt, doneAt, met: isPastDue(dueAt, nowIso) ? false : null, businessMinutesLeft: Math.round((ahead - behind) / 60_000) };
}

/** The schedule a ticket's targets count in: its department's, else its plan's, else the default. */
export function scheduleForTicket(d: Directory, ticket: Pick<Ticket, 'departmentId' | 'slaPlanId'>): Schedule {
  return scheduleFor(d, ticket.departmentId, d.slaPlans.find((p) => p.id === ticket.slaPlanId));
}

/** Where a ticket stands against its first-response and resolution targets at `nowIso`. */
export function slaStanding(
  ticket: Pick<Ticket, 'departmentId' | 'slaPlanId' | 'status' | 'dueAt' | 'resolvedAt' | 'closedAt' | 'firstResponseDueAt' | 'firstResponseAt' | 'pendingSince'>,
  d: Directory,
  nowIso: string,
): SlaStanding {
  const schedule = scheduleForTicket(d, ticket);
  // While pending the clocks stand still: what is left is what was left when they stopped.
  const pausedSince = ticket.status === 'pending' ? (ticket.pendingSince ?? null) : null;
  const clock = pausedSince ?? nowIso;
  const done = ticket.status === 'resolved' || ticket.status === 'closed' ? (ticket.resolvedAt ?? ticket.closedAt) : null;
  const firstDue = ticket.firstResponseDueAt ?? null;
  return {
    schedule: { id: schedule.id, name: schedule.name, timezone: schedule.timezone },
    pausedSince,
    firstResponse: firstDue === null && !ticket.firstResponseAt ? null : standing(firstDue, ticket.firstResponseAt ?? null, clock, schedule),
    resolution: standing(ticket.dueAt, done, clock, schedule),
  };
}
