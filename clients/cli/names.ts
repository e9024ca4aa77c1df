// Names, not ids: agents by e-mail or name, departments and SLA plans by name, priorities by
// name, each resolved through GET /api/staff/directory. An unknown name lists the choices.
import type { StaffDirectory } from '../shapes';
import { CliError } from './api';

const norm = (s: string) => s.trim().toLowerCase();

function pick<T extends { id: string; name: string }>(what: string, items: T[], wanted: string, extra: (t: T) => string[] = () => []): T {
  const w = norm(wanted);
  const found = items.filter((t) => norm(t.id) === w || norm(t.name) === w || extra(t).some((x) => norm(x) === w));
  if (found.length === 1) return found[0]!;
  const choices = items.map((t) => extra(t)[0] ?? t.name).join(', ');
  if (found.length > 1) throw new CliError(`'${wanted}' names more than one ${what}; use one of: ${choices}`, 2);
  throw new CliError(`no ${what} '${wanted}'; choose one of: ${choices}`, 2);
}

/** `none` (or `-`) unassigns. */
export function agentId(d: StaffDirectory, wanted: string): string | null {
  if (['none', '-', 'nobody'].includes(norm(wanted))) return null;
  return pick('agent', d.agents.filter((a) => a.active), wanted, (a) => [a.email]).id;
}

export const departmentId = (d: StaffDirectory, wanted: string) => pick('department', d.departments, wanted).id;
export const slaPlanId = (d: StaffDirectory, wanted: string) => pick('SLA plan', d.slaPlans.filter((p) => p.active), wanted).id;
export const priorityId = (d: StaffDirectory, wanted: string) => pick('priority', d.priorities, wanted).id;

/**
 * A due time: an ISO date-time, a local `YYYY-MM-DD HH:MM`, a relative `+90m` / `+4h` / `+2d`, or
 * `sla` to hand it back to the SLA plan (null).
 */
export function dueAt(wanted: string, now = Date.now()): string | null {
  const w = wanted.trim();
  if (norm(w) === 'sla') return null;
  const rel = /^\+(\d+(?:\.\d+)?)\s*(m|min|h|d)$/i.exec(w);
  if (rel) {
    const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2]!.toLowerCase() as 'm' | 'min' | 'h' | 'd'];
    return new Date(now + Number(rel[1]) * unit).toISOString();
  }
  const t = Date.parse(w.replace(/^(\d{4}-\d\d-\d\d) (\d)/, '$1T$2'));
  if (Number.isNaN(t)) throw new CliError(`--due '${wanted}' is not a time; use 2026-12-01T09:00:00Z, "2026-12-01 09:00", +4h, +2d or sla`, 2);
  return new Date(t).toISOString();
}
