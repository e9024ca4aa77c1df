// The help desk's settings read and changed by administrators: the notification switches
// (osTicket's alerts and notices) and the SLA settings (the default schedule). Every change is
// audited like any other directory change.
import { auditEntry } from '../domain/audit';
import { DomainError } from '../domain/errors';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  DEFAULT_SLA_SETTINGS,
  type NotificationKind,
  type NotificationSettings,
  type SlaSettings,
} from '../domain/model';
import { agentActor } from './admin-directory';
import type { AppDeps } from './deps';
import { startRecompute } from './sla-recompute';
import { requireAdmin, type Actor } from './staff-tickets';

type Setting = NotificationSettings | SlaSettings;

/**
 * Writes one settings entry, created on first change, conditionally on its etag (retried when
 * another admin wrote meanwhile), and audits it. Answers the settings before and after; nothing
 * is written or audited when the change changes nothing.
 */
async function changeSetting<S extends Setting>(
  deps: AppDeps,
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

export async function readNotificationSettings(deps: AppDeps, actor: Actor): Promise<NotificationSettings> {
  requireAdmin(actor);
  return (await deps.directory.get('settings', 'notifications'))?.value ?? DEFAULT_NOTIFICATION_SETTINGS;
}

export async function changeNotificationSettings(
  deps: AppDeps,
  actor: Actor,
  enabled: Partial<Record<NotificationKind, boolean>>,
): Promise<NotificationSettings> {
  requireAdmin(actor);
  const read = () => deps.directory.get('settings', 'notifications');
  const { after } = await changeSetting(deps, actor, read, DEFAULT_NOTIFICATION_SETTINGS, (before) => ({ ...before, enabled: { ...before.enabled, ...enabled } }), 'notification settings');
  return after;
}

export async function readSlaSettings(deps: AppDeps, actor: Actor): Promise<SlaSettings> {
  requireAdmin(actor);
  return (await deps.directory.get('slaSettings', DEFAULT_SLA_SETTINGS.id))?.value ?? DEFAULT_SLA_SETTINGS;
}

/**
 * Chooses the default schedule: the one that counts where neither the department nor the plan
 * names one. The open tickets' targets follow in the background, like any schedule change.
 */
export async function changeSlaSettings(deps: AppDeps, actor: Actor, changes: { defaultScheduleId: string }): Promise<SlaSettings> {
  requireAdmin(actor);
  const { defaultScheduleId } = changes;
  if (!(await deps.directory.get('schedule', defaultScheduleId))) {
    throw new DomainError('validation_failed', `There is no schedule '${defaultScheduleId}'; name one from /api/admin/schedules`, [
      { path: 'defaultScheduleId', message: `no schedule '${defaultScheduleId}'` },
    ]);
  }
  const read = () => deps.directory.get('slaSettings', DEFAULT_SLA_SETTINGS.id);
  const { before, after } = await changeSetting(deps, actor, read, DEFAULT_SLA_SETTINGS, (b) => ({ ...b, defaultScheduleId }), 'SLA settings');
  // Every open ticket may fall back to the default; the job writes only those whose targets move.
  if (after.defaultScheduleId !== before.defaultScheduleId) await startRecompute(deps, 'SLA settings', null);
  return after;
}
