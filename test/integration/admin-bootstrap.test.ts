// A fresh environment gets exactly one administrator, however often the deploy runs the bootstrap,
// against the real (local) Cosmos DB directory.
import { randomUUID } from 'node:crypto';
import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos-server';
import { ensureFirstAdmin } from '../../shared/app/bootstrap';
import { CachedDirectory } from '../../shared/app/cached-directory';
import { seedDirectory } from '../../shared/app/seed';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { CosmosStore } from '../../shared/store/cosmos';

let cosmos: LocalCosmos;
const stores: CosmosStore[] = [];

beforeAll(async () => {
  cosmos = await startLocalCosmos({ port: 0, dataDir: null });
});
afterAll(async () => {
  for (const s of stores) s.dispose();
  await cosmos.stop();
});

/** A directory in a database of its own, so each story starts from its own state. */
async function environment() {
  const store = new CosmosStore({ endpoint: cosmos.endpoint, database: `bootstrap-${randomUUID()}`, key: 'bG9jYWw=' });
  stores.push(store);
  await store.ensureSchema();
  const deps = { directory: new CachedDirectory(store.directoryEntries), audit: store.auditEntries, clock: { now: () => new Date() }, newId: randomUUID };
  const admins = async () => (await store.directoryEntries.load()).agents.filter((a) => a.isAdmin && a.active);
  const trail = async () => (await store.auditEntries.list({ limit: 100 })).items;
  return { store, deps, admins, trail };
}

const operator = { email: 'Ops@Contoso.com', entraObjectId: '6B0E1F57-2F4C-4C1B-9E8A-0D6A8C3B2F10', name: 'Olga Operator' };

test('an empty directory gets the operator as its administrator, with the least the agent needs', async () => {
  const env = await environment();
  expect(await ensureFirstAdmin(env.deps, operator)).toEqual({ outcome: 'created', agentId: 'ops' });

  const d = await env.store.directoryEntries.load();
  expect(d.agents).toEqual([
    expect.objectContaining({
      id: 'ops', name: 'Olga Operator', email: 'ops@contoso.com', entraObjectId: '6b0e1f57-2f4c-4c1b-9e8a-0d6a8c3b2f10',
      departmentId: 'support', roleId: 'all-access', isAdmin: true, active: true,
    }),
  ]);
  expect(d.departments.map((x) => x.name)).toEqual(['Support']);
  expect(d.roles.map((x) => x.name)).toEqual(['All access']);
  expect(d.slaPlans.map((x) => x.name)).toEqual(['Default']);
  const trail = await env.trail();
  expect(trail.map((e) => `${e.action} ${e.entityKind} ${e.entityId}`).sort()).toEqual([
    'create agent ops', 'create department support', 'create role all-access', 'create slaPlan default',
  ]);
  expect(trail.every((e) => e.actor.name === 'Bootstrap')).toBe(true);
});

test('running it again, or with another e-mail, changes nothing: there is already an administrator', async () => {
  const env = await environment();
  await ensureFirstAdmin(env.deps, operator);
  const entries = (await env.trail()).length;
  expect(await ensureFirstAdmin(env.deps, operator)).toEqual({ outcome: 'existing', agentId: 'ops' });
  expect(await ensureFirstAdmin(env.deps, { email: 'someone.else@contoso.com' })).toEqual({ outcome: 'existing', agentId: 'ops' });
  expect((await env.admins()).map((a) => a.id)).toEqual(['ops']);
  expect(await env.trail()).toHaveLength(entries);
});

test('with the demo data the seeded administrator is the one; without any admin, an existing agent is promoted', async () => {
  const demo = await environment();
  await seedDirectory(demo.store.directoryEntries, DEMO_DIRECTORY);
  expect(await ensureFirstAdmin(demo.deps, operator)).toEqual({ outcome: 'existing', agentId: 'admin' });

  const noAdmin = await environment();
  await seedDirectory(noAdmin.store.directoryEntries, DEMO_DIRECTORY.filter((e) => !(e.kind === 'agent' && e.isAdmin)));
  expect(await ensureFirstAdmin(noAdmin.deps, { email: 'JANE@example.com' })).toEqual({ outcome: 'promoted', agentId: 'jane' });
  expect((await noAdmin.admins()).map((a) => a.id)).toEqual(['jane']);
  expect((await noAdmin.trail())[0]).toMatchObject({ action: 'update', entityId: 'jane', changed: ['isAdmin'] });
});

test('two deploys bootstrapping the same operator at once still make one administrator', async () => {
  const env = await environment();
  const results = await Promise.all([ensureFirstAdmin(env.deps, operator), ensureFirstAdmin(env.deps, operator)]);
  expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'existing']);
  expect((await env.admins()).map((a) => a.id)).toEqual(['ops']);
});
