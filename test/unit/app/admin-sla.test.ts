// The SLA side of the admin API over in-memory ports: a plan's first-response target removed with
// PATCH null, and the default schedule setting (read, change, refusals, audit, recompute).
import { updateEntry } from '../../../shared/app/admin-directory';
import { changeSlaSettings, readSlaSettings } from '../../../shared/app/admin-settings';
import { DomainError } from '../../../shared/domain/errors';
import type { Actor } from '../../../shared/app/staff-tickets';
import { ALWAYS_OPEN, computeFirstResponseDueAt } from '../../../shared/domain/sla';
import type { SlaPlan } from '../../../shared/domain/model';
import { SlaPlanPatchBody } from '../../../shared/schemas/admin';
import { memoryApp } from '../../support/in-memory';
import { T0 } from '../../support/mothers';

async function adminApp() {
  const app = memoryApp();
  const directory = await app.directory.load();
  const actor: Actor = { agent: directory.agents.find((a) => a.isAdmin)!, directory };
  return { ...app, actor };
}

const jobs = async (app: { directory: { load(): Promise<{ recomputes: { name: string; scope: unknown }[] }> } }) =>
  (await app.directory.load()).recomputes.map((j) => ({ name: j.name, scope: j.scope }));

describe("a plan's first-response target", () => {
  test('PATCH firstResponseHours: null removes the target, and the open tickets are recomputed', async () => {
    const app = await adminApp();
    await updateEntry(app.deps, app.actor, 'slaPlan', 'sev-a', SlaPlanPatchBody.parse({ firstResponseHours: 2 }));
    const removed = await updateEntry(app.deps, app.actor, 'slaPlan', 'sev-a', SlaPlanPatchBody.parse({ firstResponseHours: null }));

    expect(removed.firstResponseHours).toBeNull();
    expect(computeFirstResponseDueAt(T0, removed as SlaPlan, ALWAYS_OPEN)).toBeNull();
    expect(await jobs(app)).toEqual([
      { name: 'SLA plan sev-a', scope: { field: 'slaPlanId', id: 'sev-a' } },
      { name: 'SLA plan sev-a', scope: { field: 'slaPlanId', id: 'sev-a' } },
    ]);
  });

  test('a PATCH still refuses hours that are not a positive number', () => {
    const refused = [0, -1, '2', 9000].map((firstResponseHours) => SlaPlanPatchBody.safeParse({ firstResponseHours }).success);
    expect(refused).toEqual([false, false, false, false]);
  });
});

describe('the default schedule setting', () => {
  test('reads the seeded 24/7; a change is stored, audited once and recomputes every open ticket in the background', async () => {
    const app = await adminApp();
    expect((await readSlaSettings(app.deps, app.actor)).defaultScheduleId).toBe('24-7');

    const after = await changeSlaSettings(app.deps, app.actor, { defaultScheduleId: 'monday-friday-8am-5pm' });

    expect(after.defaultScheduleId).toBe('monday-friday-8am-5pm');
    expect(await readSlaSettings(app.deps, app.actor)).toEqual(after);
    expect(app.audit.entries.map((e) => [e.entityKind, e.changed, e.after])).toEqual([['slaSettings', ['defaultScheduleId'], after]]);
    expect(await jobs(app)).toEqual([{ name: 'SLA settings', scope: null }]);
  });

  test('choosing the schedule already chosen writes, audits and recomputes nothing', async () => {
    const app = await adminApp();
    await changeSlaSettings(app.deps, app.actor, { defaultScheduleId: '24-7' });
    expect(app.audit.entries).toEqual([]);
    expect(await jobs(app)).toEqual([]);
  });

  test('an unknown schedule is refused with what to fix, and nothing changes', async () => {
    const app = await adminApp();
    const refused = await changeSlaSettings(app.deps, app.actor, { defaultScheduleId: 'nope' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/no schedule 'nope'/) });
    expect((await readSlaSettings(app.deps, app.actor)).defaultScheduleId).toBe('24-7');
    expect([app.audit.entries, await jobs(app)]).toEqual([[], []]);
  });

  test('only administrators read or change it', async () => {
    const app = await adminApp();
    const directory = await app.directory.load();
    const agent: Actor = { agent: directory.agents.find((a) => !a.isAdmin)!, directory };
    await expect(readSlaSettings(app.deps, agent)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(changeSlaSettings(app.deps, agent, { defaultScheduleId: 'monday-friday-8am-5pm' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await readSlaSettings(app.deps, app.actor)).defaultScheduleId).toBe('24-7');
  });
});
