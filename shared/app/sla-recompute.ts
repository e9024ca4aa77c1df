// Recomputing SLA targets after an admin changed a schedule, a plan or a department's schedule:
// the change records a job, and a timer function works it off page by page (never in the admin's
// request). Each ticket is one conditional write with its due-changed events, so the SLA timers are
// rescheduled through the `sla` subscription as for any other change. Admins read the job's progress.
import type { AdminEntry } from '../domain/directory-rules';
import { recomputeTargets } from '../domain/lifecycle';
import type { SlaRecompute } from '../domain/model';
import { actionContext } from './customer-tickets';
import type { AppDeps } from './deps';
import { notFound } from '../domain/errors';
import { requireAdmin, type Actor } from './actor';
import { writeTicket } from './ticket-writes';

/** Tickets per page: one query and at most this many writes per job per timer run. */
export const RECOMPUTE_PAGE = 100;
/**
 * A job waits out the directory cache's 10 s (cached-directory.ts) before its first page, so that
 * every instance reads the changed schedule or plan, not its cached copy.
 */
export const RECOMPUTE_DELAY_MS = 11_000;
/** Finished jobs are kept this long for the admin to read, then removed. */
const KEEP_DONE_MS = 7 * 86_400_000;

/** Which open tickets a change can move, or undefined when the change moves no target. */
export function recomputeScope(before: AdminEntry, after: AdminEntry): SlaRecompute['scope'] | undefined {
  const differs = (keys: string[]) => keys.some((k) => JSON.stringify((before as unknown as Record<string, unknown>)[k]) !== JSON.stringify((after as unknown as Record<string, unknown>)[k]));
  switch (after.kind) {
    case 'schedule':
      return differs(['timezone', 'hours', 'holidays']) ? null : undefined;
    case 'slaPlan':
      return differs(['gracePeriodHours', 'priorityGraceHours', 'firstResponseHours', 'scheduleId']) ? { field: 'slaPlanId', id: after.id } : undefined;
    case 'department':
      return differs(['scheduleId']) ? { field: 'departmentId', id: after.id } : undefined;
    default:
      return undefined;
  }
}

/** Records a job for the timer to pick up. */
export async function startRecompute(deps: Pick<AppDeps, 'clock' | 'directory' | 'dueTimes' | 'log' | 'newId'>, name: string, scope: SlaRecompute['scope']): Promise<SlaRecompute> {
  const now = deps.clock.now().toISOString();
  const job: SlaRecompute = { kind: 'slaRecompute', id: deps.newId(), name, scope, status: 'queued', afterId: null, scanned: 0, changed: 0, createdAt: now, updatedAt: now, finishedAt: null };
  await deps.directory.createIfAbsent(job);
  try {
    await deps.dueTimes.scheduleRecompute(job.id, new Date(Date.parse(now) + RECOMPUTE_DELAY_MS).toISOString());
  } catch (err) {
    // The change stands; the sla-recompute timer picks the job up later.
    deps.log.warn(`SLA recompute ${job.id} could not be scheduled; the sla-recompute timer will pick it up: ${(err as Error).message}`);
  }
  return job;
}

/** One page of one job: recompute, write what changed, then save where the next page starts. Returns the job as this page left it (null: there is none). */
async function runPage(deps: Pick<AppDeps, 'directory' | 'tickets' | 'clock' | 'newId'>, id: string, pageSize: number): Promise<SlaRecompute | null> {
  const current = await deps.directory.get('slaRecompute', id);
  if (!current || current.value.status === 'done') return current?.value ?? null;
  const job = current.value;
  const directory = await deps.directory.load();
  const numbers = await deps.tickets.openAfter(job.afterId, job.scope, pageSize);
  let changed = 0;
  for (const number of numbers) {
    let moved = false;
    await writeTicket(deps.tickets, number, (ticket) => {
      const next = recomputeTargets(ticket, directory, actionContext(deps));
      moved = next !== null;
      return next ? { ticket: next, changed: true } : { ticket, changed: false };
    });
    if (moved) changed++;
  }
  const now = deps.clock.now().toISOString();
  const done = numbers.length < pageSize;
  const next: SlaRecompute = {
    ...job,
    status: done ? 'done' : 'running',
    afterId: numbers.at(-1) ?? job.afterId,
    scanned: job.scanned + numbers.length,
    changed: job.changed + changed,
    updatedAt: now,
    finishedAt: done ? now : null,
  };
  // A stale etag means another run did this page meanwhile; its progress stands, the writes were idempotent.
  await deps.directory.replace(next, current.etag).catch(() => undefined);
  return next;
}

/** How long one delivery works on a job before it hands the rest to a new message (within the message lock). */
const JOB_BUDGET_MS = 20_000;

/**
 * Works on one job, page after page, until it is done or the budget is spent; then the rest goes
 * round again as a new message. Pages are idempotent, so a redelivery does no harm. Returns the job
 * as it stands, or null when there is none.
 */
export async function runRecomputeJob(deps: Pick<AppDeps, 'directory' | 'tickets' | 'clock' | 'newId' | 'dueTimes'>, id: string, pageSize = RECOMPUTE_PAGE): Promise<SlaRecompute | null> {
  const started = Date.now();
  for (;;) {
    const job = await runPage(deps, id, pageSize);
    if (!job || job.status === 'done') return job;
    if (Date.now() - started > JOB_BUDGET_MS) {
      await deps.dueTimes.scheduleRecompute(id, deps.clock.now().toISOString());
      return job;
    }
  }
}

/** The safety net's run: every unfinished job that has waited out the cache, oldest first, worked on. Returns how many. */
export async function runRecomputes(deps: Pick<AppDeps, 'clock' | 'directory' | 'dueTimes' | 'newId' | 'tickets'>, pageSize = RECOMPUTE_PAGE): Promise<number> {
  const now = deps.clock.now().getTime();
  const jobs = (await deps.directory.load()).recomputes;
  const due = jobs.filter((j) => j.status !== 'done' && Date.parse(j.createdAt) + RECOMPUTE_DELAY_MS <= now).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const job of due) await runRecomputeJob(deps, job.id, pageSize);
  for (const old of jobs.filter((j) => j.finishedAt !== null && Date.parse(j.finishedAt) + KEEP_DONE_MS < now)) {
    const current = await deps.directory.get('slaRecompute', old.id);
    if (current) await deps.directory.remove('slaRecompute', old.id, current.etag).catch(() => undefined);
  }
  return due.length;
}

/** The jobs, newest first, for the admin. */
export async function listRecomputes(deps: Pick<AppDeps, 'directory'>, actor: Actor): Promise<SlaRecompute[]> {
  requireAdmin(actor);
  return [...(await deps.directory.load()).recomputes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function getRecompute(deps: Pick<AppDeps, 'directory'>, actor: Actor, id: string): Promise<SlaRecompute> {
  requireAdmin(actor);
  const found = await deps.directory.get('slaRecompute', id);
  if (!found) throw notFound(`There is no SLA recompute '${id}'`);
  return found.value;
}
