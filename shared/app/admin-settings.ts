// The help desk's settings read and changed by administrators: the notification switches
// (osTicket's alerts and notices) and the SLA settings (the default schedule and the default
// plan). Every change is audited like any other directory change.
import { auditEntry } from '../domain/audit';
import { DomainError } from '../domain/errors';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  DEFAULT_SLA_SETTINGS,
  slaSettingsOf,
  type NotificationKind,
  type NotificationSettings,
  type SlaSettings,
} from '../domain/model';
import type { ErrorDetail } from '../domain/errors';
import type { AppDeps } from './deps';
import { startRecompute } from './sla-recompute';
import { agentActor, requireAdmin, type Actor } from './actor';

type Setting = NotificationSettings | SlaSettings;

/**
 * Writes one settings entry, created on first change, conditionally on its etag (retried when
 * another admin wrote meanwhile), and audits it. Answers the settings before and after; nothing
 * is written or audited when the change changes nothing.
 */
async function changeSetting<S extends Setting>(
  deps: Pick<AppDeps, 'audit' | 'clock' | 'directory' | 'newId'>,
  actor: Actor,
  read: () => Promise<{ value: S; etag: string } | null>,
  fallback: S,
  apply: (before: S) => S,
  what: string,
): Promise<{ before: S; after: S }> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const current = await read();
    const before = current?.value ?? fallback;
    const after = apply(before);
    if (JSON.stringify(after) === JSON.stringify(before)) return { before, after };
    try {
      if (current) await deps.directory.replace(after, current.etag);
      else if (!(await deps.directory.createIfAbsent(after))) continue; // someone created it meanwhile
    } catch (err) {
      if (err instanceof DomainError && err.code === 'precondition_failed') continue;
      throw err;
    }
    await deps.audit.append(
      auditEntry({ id: deps.newId(), at: deps.clock.now().toISOString(), actor: agentActor(actor), action: current ? 'update' : 'create', before: current?.value ?? null, after }),
    );
    return { before, after };
  }
  throw new DomainError('conflict', `The ${what} are being changed by someone else; try again`);
}

export async function readNotificationSettings(deps: Pick<AppDeps, 'directory'>, actor: Actor): Promise<NotificationSettings> {
  requireAdmin(actor);
  return (await deps.directory.get('settings', 'notifications'))?.value ?? DEFAULT_NOTIFICATION_SETTINGS;
}

export async function changeNotificationSettings(
  deps: Pick<AppDeps, 'audit' | 'clock' | 'directory' | 'newId'>,
  actor: Actor,
  enabled: Partial<Record<NotificationKind, boolean>>,
): Promise<NotificationSettings> {
  requireAdmin(actor);
  const read = () => deps.directory.get('settings', 'notifications');
  const { after } = await changeSetting(deps, actor, read, DEFAULT_NOTIFICATION_SETTINGS, (before) => ({ ...before, enabled: { ...before.enabled, ...enabled } }), 'notification settings');
  return after;
}

/** The stored SLA settings with what an older document lacks filled in. */
async function storedSlaSettings(deps: Pick<AppDeps, 'directory'>): Promise<{ value: SlaSettings; etag: string } | null> {
  const current = await deps.directory.get('slaSettings', DEFAULT_SLA_SETTINGS.id);
  return current && { ...current, value: slaSettingsOf(current.value) };
}

export async function readSlaSettings(deps: Pick<AppDeps, 'directory'>, actor: Actor): Promise<SlaSettings> {
  requireAdmin(actor);
  return (await storedSlaSettings(deps))?.value ?? DEFAULT_SLA_SETTINGS;
}

/**
 * Chooses the default schedule (the one that counts where neither the department nor the plan
 * names one) and the default plan (the one a new ticket takes where neither its topic nor its
 * department names one). The open tickets' targets follow a new schedule in the background, like
 * any schedule change; a new default plan applies to tickets opened from then on, since a ticket
 * keeps the plan it was opened with, as when a department's plan changes.
 */
export async function changeSlaSettings(deps: Pick<AppDeps, 'audit' | 'clock' | 'directory' | 'dueTimes' | 'log' | 'newId'>, actor: Actor, changes: { defaultScheduleId?: string | undefined; defaultPlanId?: string | undefined }): Promise<SlaSettings> {
  requireAdmin(actor);
  const { defaultScheduleId, defaultPlanId } = changes;
  const problems: ErrorDetail[] = [];
  if (defaultScheduleId !== undefined && !(await deps.directory.get('schedule', defaultScheduleId))) {
    problems.push({ path: 'defaultScheduleId', message: `no schedule '${defaultScheduleId}'; name one from /api/admin/schedules` });
  }
  if (defaultPlanId !== undefined) {
    const plan = await deps.directory.get('slaPlan', defaultPlanId);
    if (!plan) problems.push({ path: 'defaultPlanId', message: `no SLA plan '${defaultPlanId}'; name one from /api/admin/sla-plans` });
    // New tickets would take it, and intake refuses a disabled plan.
    else if (!plan.value.active) problems.push({ path: 'defaultPlanId', message: `SLA plan '${defaultPlanId}' is disabled; enable it first or name another` });
  }
  if (problems.length > 0) {
    throw new DomainError('validation_failed', `Invalid SLA settings: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  const apply = (b: SlaSettings): SlaSettings => ({ ...b, ...(defaultScheduleId !== undefined ? { defaultScheduleId } : {}), ...(defaultPlanId !== undefined ? { defaultPlanId } : {}) });
  const { before, after } = await changeSetting(deps, actor, () => storedSlaSettings(deps), DEFAULT_SLA_SETTINGS, apply, 'SLA settings');
  // Every open ticket may fall back to the default; the job writes only those whose targets move.
  if (after.defaultScheduleId !== before.defaultScheduleId) await startRecompute(deps, 'SLA settings', null);
  return after;
}
