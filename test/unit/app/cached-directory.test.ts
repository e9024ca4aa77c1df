// The directory cache as two Functions instances see it: the instance that writes sees its change
// at once; another instance serves its copy for up to the 10 s TTL. So a disabled agent or a
// changed role reaches every instance within 10 s, not at once.
import { CachedDirectory } from '../../../shared/app/cached-directory';
import { authenticateAgent, type SignInDeps } from '../../../shared/app/sign-in';
import { DevTokenVerifier, issueDevToken } from '../../../shared/auth/jwt';
import { DomainError } from '../../../shared/domain/errors';
import { ManualClock, MemoryAudit, MemoryDirectory } from '../../support/in-memory';

const SECRET = 'unit-test-secret-unit-test-secret';
const TTL_MS = 10_000; // the README's promise; the class's default

function twoInstances() {
  const store = new MemoryDirectory();
  const clock = new ManualClock();
  const instance = (): SignInDeps => ({
    directory: new CachedDirectory(store, undefined, () => clock.ms),
    staffTokens: new DevTokenVerifier(SECRET),
    audit: new MemoryAudit(),
    clock,
    newId: () => 'audit-1',
  });
  return { store, clock, a: instance(), b: instance() };
}

const signIn = async (deps: SignInDeps, email: string) => authenticateAgent(deps, await issueDevToken(SECRET, email));

async function disable(deps: SignInDeps, id: string): Promise<void> {
  const agent = (await deps.directory.get('agent', id))!;
  await deps.directory.replace({ ...agent.value, active: false }, agent.etag);
}

test('an agent disabled through one instance is refused there at once, and by another instance only after the TTL', async () => {
  const { clock, a, b } = twoInstances();
  await signIn(a, 'jane@example.com');
  await signIn(b, 'jane@example.com'); // both have the directory cached

  await disable(a, 'jane');
  await expect(signIn(a, 'jane@example.com')).rejects.toMatchObject({ code: 'forbidden', message: 'The agent account jane@example.com is disabled' });

  clock.advance(TTL_MS);
  await expect(signIn(b, 'jane@example.com')).resolves.toMatchObject({ agent: { id: 'jane', active: true } }); // still within the TTL
  clock.advance(1);
  await expect(signIn(b, 'jane@example.com')).rejects.toBeInstanceOf(DomainError);
});

test('a role change through one instance reaches another within the TTL', async () => {
  const { clock, a, b } = twoInstances();
  await signIn(a, 'john@example.com');
  expect((await signIn(b, 'john@example.com')).agent.roleId).toBe('expanded');

  const john = (await a.directory.get('agent', 'john'))!;
  await a.directory.replace({ ...john.value, roleId: 'view-only' }, john.etag);
  expect((await signIn(a, 'john@example.com')).agent.roleId).toBe('view-only');

  clock.advance(TTL_MS);
  expect((await signIn(b, 'john@example.com')).agent.roleId).toBe('expanded');
  clock.advance(1);
  expect((await signIn(b, 'john@example.com')).agent.roleId).toBe('view-only');
});

test('within the TTL an instance reads the store once, however many requests it serves', async () => {
  const { store, clock, b } = twoInstances();
  for (let i = 0; i < 5; i++) {
    await signIn(b, 'john@example.com');
    clock.advance(TTL_MS / 5);
  }
  expect(store.outcomes('load')).toEqual(['ok']);
});
