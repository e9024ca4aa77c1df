// The help desk's notification switches (osTicket's alerts and notices), read and changed by
// administrators; every change is audited like any other directory change.
import { auditEntry } from '../domain/audit';
import { DomainError } from '../domain/errors';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationKind, type NotificationSettings } from '../domain/model';
import { agentActor } from './admin-directory';
import type { AppDeps } from './deps';
import { requireAdmin, type Actor } from './staff-tickets';

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
  for (let attempt = 1; attempt <= 5; attempt++) {
    const current = await deps.directory.get('settings', 'notifications');
    const before = current?.value ?? DEFAULT_NOTIFICATION_SETTINGS;
    const after: NotificationSettings = { ...before, enabled: { ...before.enabled, ...enabled } };
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
    return after;
  }
  throw new DomainError('conflict', 'The notification settings are being changed by someone else; try again');
}
