// The SLA side of the admin API over in-memory ports: a plan's first-response target removed with
// PATCH null, and the default schedule setting (read, change, refusals, audit, recompute).
import { updateEntry } from '../../../shared/app/admin-directory';
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
