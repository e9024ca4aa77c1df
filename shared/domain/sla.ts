// SLA math: a ticket is due a grace period after its SLA anchor (creation or reopening).
// Plans may set a tighter target per priority, the way Freshdesk and Zendesk SLA policies do;
// that is why a priority change recomputes the due time. Clocks run 24/7 (no business hours yet).
import type { Priority, SlaPlan } from './model';

const HOUR_MS = 3_600_000;

export function graceHours(plan: SlaPlan, priority: Priority): number {
  return plan.priorityGraceHours?.[priority] ?? plan.gracePeriodHours;
}

export function computeDueAt(anchorIso: string, plan: SlaPlan, priority: Priority): string {
  return new Date(Date.parse(anchorIso) + graceHours(plan, priority) * HOUR_MS).toISOString();
}

/** Past due: open and the due time has passed (the SLA timer records it as `overdue`). */
export function isPastDue(dueAt: string | null, nowIso: string): boolean {
  return dueAt !== null && Date.parse(dueAt) <= Date.parse(nowIso);
}
