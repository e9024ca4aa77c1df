// The directory cache against issue 19's two holes, with two instances sharing one store: an agent
// disabled through one instance cannot change anything through another whose copy is still fresh,
// and two administrators disabling each other through two instances cannot leave none.
import { updateAgent } from '../../../shared/app/admin-agents';
import { CachedDirectory } from '../../../shared/app/cached-directory';
import type { AppDeps } from '../../../shared/app/deps';
import { authenticateAgent } from '../../../shared/app/sign-in';
import { DevTokenVerifier, issueDevToken } from '../../../shared/auth/jwt';
import { DEMO_DIRECTORY } from '../../../shared/seed/demo-directory';
import type { Agent } from '../../../shared/domain/model';
import { ManualClock, MemoryDirectory, memoryApp } from '../../support/in-memory';

const SECRET = 'unit-test-secret-unit-test-secret';

/** Jane is an administrator too, so either admin may be disabled while the other stays. */
const entries = DEMO_DIRECTORY.map((e) => (e.kind === 'agent' && e.id === 'jane' ? { ...e, isAdmin: true } : e));

function twoInstances() {
  const store = new MemoryDirectory(entries);
  const clock = new ManualClock();
  const instance = (): AppDeps => ({
    ...memoryApp({ clock }).deps,
    directory: new CachedDirectory(store, undefined, () => clock.ms),
    staffTokens: new DevTokenVerifier(SECRET),
  });
  return { a: instance(), b: instance() };
}

const actor = async (deps: AppDeps, email: string, write: boolean) => authenticateAgent(deps, await issueDevToken(SECRET, email), { write });

test('an agent disabled through one instance may not write through another at once, though its copy is fresh', async () => {
  const { a, b } = twoInstances();
  await actor(b, 'john@example.com', false); // b has the directory cached
  await updateAgent(a, await actor(a, 'admin@example.com', true), 'john', { active: false });

  await expect(actor(b, 'john@example.com', true)).rejects.toMatchObject({ code: 'forbidden', message: 'The agent account john@example.com is disabled' });
  // Reading is still served from the copy for the cache's 10 s (the README's promise).
  await expect(actor(b, 'john@example.com', false)).resolves.toMatchObject({ agent: { id: 'john' } });
});

test('a writer acts with its stored record: an admin demoted on another instance is no longer one', async () => {
  const { a, b } = twoInstances();
  await actor(b, 'jane@example.com', false);
  await updateAgent(a, await actor(a, 'admin@example.com', true), 'jane', { isAdmin: false });
  const jane = await actor(b, 'jane@example.com', true);
  expect([jane.agent.isAdmin, jane.directory.agents.find((x: Agent) => x.id === 'jane')!.isAdmin]).toEqual([false, false]);
});

test('two administrators disabling each other through two instances leave one active administrator', async () => {
  const { a, b } = twoInstances();
  const admin = await actor(a, 'admin@example.com', true);
  const jane = await actor(b, 'jane@example.com', true); // b's copy: both admins active

  await updateAgent(a, admin, 'jane', { active: false });
  await expect(updateAgent(b, jane, 'admin', { active: false })).rejects.toMatchObject({ code: 'conflict' });
});
