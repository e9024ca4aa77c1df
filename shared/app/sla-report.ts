// SLA figures (issue 23): the stats consumer counts what each ticket contributes, the backfill does
// the same for tickets that already exist, and the report reads the counters (never the tickets).
import { visibleDepartmentIds } from '../domain/access';
import { forbidden, invalid } from '../domain/errors';
import type { Directory, LifecycleEvent, LifecycleEventType, Ticket } from '../domain/model';
import { daysInRange, factGroup, MAX_REPORT_DAYS, slaFacts, slaReportRows, type SlaFact, type SlaReportRow } from '../domain/sla-report';
import type { SlaCounterStore } from '../domain/ports';
import type { AppDeps } from './deps';
import type { Actor } from './actor';

export type SlaCountDeps = Pick<AppDeps, 'tickets' | 'directory' | 'clock' | 'log'> & { slaCounters: SlaCounterStore };

/**
 * The events after which a ticket may have something new to count: a response (the first one), a
 * target breached, resolving or closing (also from pending). Others change no outcome.
 */
export const COUNTED_EVENTS: ReadonlySet<LifecycleEventType> = new Set(['response', 'firstResponse.overdue', 'overdue', 'resolved', 'closed', 'status.changed', 'escalated']);

/** Counts a ticket's facts as it stands now; returns how many were new. Safe to repeat. */
export async function countTicket(deps: Pick<SlaCountDeps, 'slaCounters' | 'clock'>, ticket: Ticket, directory: Directory): Promise<number> {
  const groups = new Map<string, SlaFact[]>();
  for (const fact of slaFacts(ticket, directory, deps.clock.now().toISOString())) {
    const group = factGroup(fact);
    groups.set(group, [...(groups.get(group) ?? []), fact]);
  }
  let added = 0;
  for (const [group, facts] of groups) {
    added += await deps.slaCounters.countFacts(group, { slaPlanId: ticket.slaPlanId, departmentId: ticket.departmentId }, facts);
  }
  return added;
}

/**
 * The stats consumer's work for one event: read the ticket if the event may count, and count it.
 * Returns how many figures were new, or null for an event that changes no outcome (nothing read).
 */
export async function countEvent(deps: SlaCountDeps, event: LifecycleEvent): Promise<number | null> {
  if (!COUNTED_EVENTS.has(event.type)) return null;
  const found = await deps.tickets.get(event.ticketNumber);
  if (!found) {
    deps.log.warn(`Event ${event.id} (${event.type}) names ticket #${event.ticketNumber}, which does not exist; nothing to count`);
    return 0;
  }
  return countTicket(deps, found.value, await deps.directory.load());
}

/** Tickets per backfill page. */
export const BACKFILL_PAGE = 100;

/** Counts every existing ticket, page by page; `onPage` hears the progress. Running it again adds nothing. */
export async function backfillSlaCounters(
  deps: SlaCountDeps,
  onPage: (progress: { scanned: number; added: number; lastNumber: string }) => void = () => {},
): Promise<{ scanned: number; added: number }> {
  const directory = await deps.directory.load();
  let after: string | null = null;
  let scanned = 0;
  let added = 0;
  for (;;) {
    const numbers = await deps.slaCounters.ticketsAfter(after, BACKFILL_PAGE);
    if (numbers.length === 0) return { scanned, added };
    for (const number of numbers) {
      const found = await deps.tickets.get(number);
      if (found) added += await countTicket(deps, found.value, directory);
      scanned++;
    }
    after = numbers[numbers.length - 1]!;
    onPage({ scanned, added, lastNumber: after });
  }
}

export interface SlaReportQuery {
  from: string;
  to: string;
  department?: string | undefined;
}

export interface SlaReport {
  from: string;
  to: string;
  department: string | null;
  rows: SlaReportRow[];
}

/**
 * The report over the departments the agent may see (or the one asked for), for agents with the
 * `stats.agents` permission (osTicket's "view stats of other agents in allowed departments").
 */
export async function slaReport(deps: { slaCounters: SlaCounterStore }, { agent, directory }: Actor, q: SlaReportQuery): Promise<SlaReport> {
  if (!agent.active || !agent.permissions.includes('stats.agents')) throw forbidden(`${agent.name} lacks the stats.agents permission that the SLA report needs`);
  if (q.from > q.to) throw invalid('from must not be after to', [{ path: 'from', message: `${q.from} is after ${q.to}` }]);
  const days = daysInRange(q.from, q.to);
  if (days > MAX_REPORT_DAYS) throw invalid(`The range spans ${days} days; ask for at most ${MAX_REPORT_DAYS}`, [{ path: 'to', message: `at most ${MAX_REPORT_DAYS} days after from` }]);
  const visible = visibleDepartmentIds(agent, directory);
  if (q.department !== undefined && !visible.includes(q.department)) {
    if (!directory.departments.some((d) => d.id === q.department)) throw invalid(`There is no department ${q.department}`, [{ path: 'department', message: 'not a department id' }]);
    throw forbidden(`${agent.name} has no access to the ${q.department} department`);
  }
  const counters = await deps.slaCounters.days(q.from, q.to, q.department !== undefined ? [q.department] : visible);
  return { from: q.from, to: q.to, department: q.department ?? null, rows: slaReportRows(counters, directory) };
}
