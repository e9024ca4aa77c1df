// The SLA side of the admin API over in-memory ports: a plan's first-response target removed with
// PATCH null, the default schedule setting (read, change, refusals, audit, recompute), and the
// default plan setting with the optional department plan it backs.
import { createEntry, deleteEntry, updateEntry } from '../../../shared/app/admin-directory';
import { changeSlaSettings, readSlaSettings } from '../../../shared/app/admin-settings';
import { DomainError } from '../../../shared/domain/errors';
import type { Actor } from '../../../shared/app/actor';
import { ALWAYS_OPEN, computeFirstResponseDueAt } from '../../../shared/domain/sla';
import { DEFAULT_SLA_SETTINGS, type SlaPlan } from '../../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../../shared/seed/demo-directory';
import { DepartmentCreateBody, DepartmentPatchBody, SlaPlanPatchBody, SlaSettingsPatch } from '../../../shared/schemas/admin';
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

describe('the default plan setting', () => {
  test('reads the seeded Default; a change is stored and audited, and recomputes nothing (open tickets keep their plan)', async () => {
    const app = await adminApp();
    expect(await readSlaSettings(app.deps, app.actor)).toMatchObject({ defaultScheduleId: '24-7', defaultPlanId: 'default' });

    const after = await changeSlaSettings(app.deps, app.actor, { defaultPlanId: 'sev-c' });

    expect(after).toMatchObject({ defaultScheduleId: '24-7', defaultPlanId: 'sev-c' });
    expect((await app.directory.load()).sla.defaultPlanId).toBe('sev-c');
    expect(app.audit.entries.map((e) => [e.entityKind, e.changed])).toEqual([['slaSettings', ['defaultPlanId']]]);
    expect(await jobs(app)).toEqual([]);
  });

  test('an unknown or disabled plan is refused with what to fix, each problem named, and nothing changes', async () => {
    const app = await adminApp();
    await createEntry(app.deps, app.actor, 'slaPlan', { id: 'retired', name: 'Retired', gracePeriodHours: 12, overdueAlerts: true, active: false });
    const before = app.audit.entries.length;
    const unknown = await changeSlaSettings(app.deps, app.actor, { defaultPlanId: 'nope', defaultScheduleId: 'nowhere' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({
      code: 'validation_failed',
      details: [
        { path: 'defaultScheduleId', message: "no schedule 'nowhere'; name one from /api/admin/schedules" },
        { path: 'defaultPlanId', message: "no SLA plan 'nope'; name one from /api/admin/sla-plans" },
      ],
    });
    await expect(changeSlaSettings(app.deps, app.actor, { defaultPlanId: 'retired' })).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining("SLA plan 'retired' is disabled") });
    expect((await readSlaSettings(app.deps, app.actor)).defaultPlanId).toBe('default');
    expect(app.audit.entries).toHaveLength(before);
  });

  test('settings stored before the default plan existed read with the seeded Default, and a schedule change keeps it', async () => {
    const { defaultPlanId: _none, ...older } = DEFAULT_SLA_SETTINGS;
    const app = memoryApp({ directory: [...DEMO_DIRECTORY.filter((e) => e.kind !== 'slaSettings'), older as typeof DEFAULT_SLA_SETTINGS] });
    const directory = await app.directory.load();
    const actor: Actor = { agent: directory.agents.find((a) => a.isAdmin)!, directory };
    expect(directory.sla.defaultPlanId).toBe('default');
    expect(await readSlaSettings(app.deps, actor)).toMatchObject({ defaultPlanId: 'default' });
    expect(await changeSlaSettings(app.deps, actor, { defaultScheduleId: 'monday-friday-8am-5pm' })).toMatchObject({ defaultScheduleId: 'monday-friday-8am-5pm', defaultPlanId: 'default' });
  });

  test('the default plan is neither deleted nor disabled', async () => {
    const app = await adminApp();
    await createEntry(app.deps, app.actor, 'slaPlan', { id: 'spare', name: 'Spare', gracePeriodHours: 12, overdueAlerts: true, active: true });
    await changeSlaSettings(app.deps, app.actor, { defaultPlanId: 'spare' });
    await expect(deleteEntry(app.deps, app.actor, 'slaPlan', 'spare')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('it is the default plan') });
    await expect(updateEntry(app.deps, app.actor, 'slaPlan', 'spare', { active: false })).rejects.toMatchObject({ code: 'conflict' });
    await changeSlaSettings(app.deps, app.actor, { defaultPlanId: 'default' });
    await expect(deleteEntry(app.deps, app.actor, 'slaPlan', 'spare')).resolves.toBeUndefined();
  });

  test("a department's plan is optional: created without one it names none, and PATCH null clears one", async () => {
    const app = await adminApp();
    const created = await createEntry(app.deps, app.actor, 'department', DepartmentCreateBody.parse({ name: 'Facilities' }));
    expect(created).toMatchObject({ id: 'facilities', slaPlanId: null });
    expect(await updateEntry(app.deps, app.actor, 'department', 'facilities', DepartmentPatchBody.parse({ slaPlanId: 'sev-c' }))).toMatchObject({ slaPlanId: 'sev-c' });
    expect(await updateEntry(app.deps, app.actor, 'department', 'facilities', DepartmentPatchBody.parse({ slaPlanId: null }))).toMatchObject({ slaPlanId: null });
  });

  test('the settings PATCH takes either setting or both, and nothing else', () => {
    expect([{ defaultPlanId: 'sev-c' }, { defaultScheduleId: '24-7' }, { defaultPlanId: 'a', defaultScheduleId: 'b' }].map((b) => SlaSettingsPatch.safeParse(b).success)).toEqual([true, true, true]);
    expect([{}, { defaultPlanId: null }, { defaultPlanId: 'x', other: 1 }].map((b) => SlaSettingsPatch.safeParse(b).success)).toEqual([false, false, false]);
  });
});
