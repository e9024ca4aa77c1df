// From an Entra token to an agent, for what the integration test leaves out: object ids in upper
// case, two first sign-ins at once (the link's retry), and a token with no e-mail. Real tokens
// against a key set on loopback; the directory and the audit trail in memory.
import { authenticateAgent, type SignInDeps } from '../../../shared/app/sign-in';
import { DomainError } from '../../../shared/domain/errors';
import { FakeTenant } from '../../support/entra';
import { ManualClock, MemoryAudit, MemoryDirectory, barrier } from '../../support/in-memory';

let tenant: FakeTenant;
beforeAll(async () => {
  tenant = await FakeTenant.start();
});
afterAll(() => tenant.stop());

function signIn() {
  const directory = new MemoryDirectory();
  const audit = new MemoryAudit();
  let ids = 0;
  const deps: SignInDeps = { directory, audit, staffTokens: tenant.verifier(), clock: new ManualClock(), newId: () => `audit-${++ids}` };
  return { deps, directory, audit };
}

const OID = '6F9619FF-8B86-4011-B42D-00C04FC964FF';

test('an object id in upper case is stored in lower case and finds the agent in either case', async () => {
  const { deps, directory } = signIn();

  await authenticateAgent(deps, await tenant.token({ oid: OID, preferred_username: 'john@example.com' }));
  expect(directory.stored('agent', 'john').entraObjectId).toBe(OID.toLowerCase());

  // Later, with a sign-in name that no longer matches: the object id alone must find John.
  const found: string[] = [];
  for (const oid of [OID, OID.toLowerCase()]) {
    const actor = await authenticateAgent(deps, await tenant.token({ oid, preferred_username: 'j.smith@contoso.com' }));
    found.push(actor.agent.id);
  }
  expect(found).toEqual(['john', 'john']);
});

test('two first sign-ins at once link the agent once: the second meets a stale etag, re-reads and finds the link made', async () => {
  const { deps, directory, audit } = signIn();
  const bothRead = barrier(2);
  directory.before('get', bothRead).before('get', bothRead); // both read John still unlinked
  const token = await tenant.token({ oid: OID, preferred_username: 'john@example.com' });

  const actors = await Promise.all([authenticateAgent(deps, token), authenticateAgent(deps, token)]);

  expect(actors.map((a) => a.agent.id)).toEqual(['john', 'john']);
  expect(directory.outcomes('replace')).toEqual(['ok', 'precondition_failed']);
  expect(directory.outcomes('get')).toHaveLength(3); // two reads, then the loser's re-read
  expect(audit.entries.map((e) => [e.action, e.entityId])).toEqual([['link', 'john']]);
});

test('two different Entra users carrying the same address at once: one is linked, the other refused', async () => {
  const { deps, directory } = signIn();
  const bothRead = barrier(2);
  directory.before('get', bothRead).before('get', bothRead);
  const other = '11111111-2222-4333-8444-555555555555';

  const oids = [OID, other];
  const tokens = await Promise.all(oids.map((oid) => tenant.token({ oid, preferred_username: 'john@example.com' })));
  const results = await Promise.allSettled(tokens.map((t) => authenticateAgent(deps, t)));

  // Either may win the race (token checks are asynchronous): exactly one is linked, the other refused.
  const won = results.findIndex((r) => r.status === 'fulfilled');
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect(results[1 - won]).toMatchObject({ status: 'rejected', reason: { code: 'forbidden', message: 'The agent account john@example.com is linked to another Entra ID user' } });
  expect(directory.stored('agent', 'john').entraObjectId).toBe(oids[won]!.toLowerCase());
});

test('a token with no e-mail claim and an unknown object id is refused, naming the object id', async () => {
  const { deps } = signIn();
  const err = await authenticateAgent(deps, await tenant.token({ oid: OID, preferred_username: 'john' })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect(err).toMatchObject({ code: 'forbidden', message: `No agent account for ${OID.toLowerCase()}; ask an administrator to add you` });
});
