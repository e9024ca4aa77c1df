// SLA math: a ticket is due a number of business hours after its SLA anchor (creation or
// reopening), counted in the schedule that governs it. Plans may set a tighter target per priority,
// the way Freshdesk and Zendesk SLA policies do; that is why a priority change recomputes the due
// time. The first-response target (Zendesk's and Zammad's "first reply time") counts from creation.
import { addBusinessHours, WEEKDAYS, type BusinessCalendar } from './business-time';
import { ALWAYS_OPEN_SCHEDULE_ID, type Directory, type Priority, type Schedule, type SlaPlan } from './model';

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
export function scheduleIdFor(d: Directory, departmentId: string, plan: SlaPlan): string {
  const dept = d.departments.find((x) => x.id === departmentId);
  return dept?.scheduleId ?? plan.scheduleId ?? d.sla.defaultScheduleId;
}

export function scheduleFor(d: Directory, departmentId: string, plan: SlaPlan): Schedule {
  const id = scheduleIdFor(d, departmentId, plan);
  // A schedule in use cannot be deleted (directory rules), so a miss means an older directory.
  return d.schedules.find((s) => s.id === id) ?? ALWAYS_OPEN;
}

/** The resolution target; null when the schedule cannot meet it within the calculator's horizon. */
export function computeDueAt(anchorIso: string, plan: SlaPlan, priority: Priority, calendar: BusinessCalendar): string | null {
  return addBusinessHours(anchorIso, graceHours(plan, priority), calendar);
}

/** The first-response target, or null when the plan has none. */
export function computeFirstResponseDueAt(anchorIso: string, plan: SlaPlan, calendar: BusinessCalendar): string | null {
  return plan.firstResponseHours === undefined || plan.firstResponseHours === null ? null : addBusinessHours(anchorIso, plan.firstResponseHours, calendar);
}

/** Past due: open and the due time has passed (the SLA timer records it as `overdue`). */
export function isPastDue(dueAt: string | null, nowIso: string): boolean {
  return dueAt !== null && Date.parse(dueAt) <= Date.parse(nowIso);
}
