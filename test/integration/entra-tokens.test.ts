// Entra ID bearer tokens, checked the way Azure will check them: against a key set fetched over
// HTTP (here a locally generated one served on loopback), then mapped to an agent of a real
// (local) Cosmos DB directory: by object id, or by e-mail on the first sign-in.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos-server';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { CachedDirectory } from '../../shared/app/cached-directory';
import { seedDirectory } from '../../shared/app/seed';
import { authenticateAgent, type SignInDeps } from '../../shared/app/sign-in';
import { EntraTokenVerifier, issueDevToken } from '../../shared/auth/jwt';
import { clientAuthConfig } from '../../shared/auth/client-config';
import { loadConfig } from '../../shared/load-config';
import { DomainError } from '../../shared/domain/errors';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { CosmosStore } from '../../shared/store/cosmos';

const TENANT = randomUUID();
const API_CLIENT_ID = randomUUID();
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const KID = 'tenant-key-1';

let jwks: Server;
let jwksUrl: string;
let jwksRequests = 0;
let tenantKey: KeyLike;
let attackerKey: KeyLike;
let verifier: EntraTokenVerifier;
let cosmos: LocalCosmos;
let store: CosmosStore;
let deps: SignInDeps;

beforeAll(async () => {
  const tenant = await generateKeyPair('RS256');
  tenantKey = tenant.privateKey;
  attackerKey = (await generateKeyPair('RS256')).privateKey;
  const publicJwk = { ...(await exportJWK(tenant.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  jwks = createServer((req, res) => {
    jwksRequests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/${TENANT}/discovery/v2.0/keys`;
  verifier = new EntraTokenVerifier({ tenantId: TENANT, clientId: API_CLIENT_ID, jwksUrl });

  cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  store = new CosmosStore({ endpoint: cosmos.endpoint, database: 'entra', key: 'bG9jYWw=' });
  await store.ensureSchema();
  await seedDirectory(store.directoryEntries, DEMO_DIRECTORY);
  deps = {
    directory: new CachedDirectory(store.directoryEntries),
    clock: { now: () => new Date() },
    newId: randomUUID,
    staffTokens: verifier,
    audit: store.auditEntries,
  };
});

afterAll(async () => {
  store.dispose();
  await cosmos.stop();
  await new Promise((resolve) => jwks.close(resolve));
});

/** An access token as Entra issues it for the API, unless a test changes a claim. */
function entraToken(claims: JWTPayload = {}, opts: { key?: KeyLike; expiresIn?: string | number; alg?: string } = {}): Promise<string> {
  return new SignJWT({
    tid: TENANT,
    oid: randomUUID(),
    preferred_username: 'jane@example.com',
    name: 'Jane Doe',
    scp: 'access_as_user',
    ver: '2.0',
    ...claims,
  })
    .setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
    .setAudience(claims.aud ?? API_CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '1h')
    .sign(opts.key ?? tenantKey);
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('the verifier accepts only tokens of this tenant for this API', () => {
  test('a good token yields the object id and sign-in name, with the keys fetched from the tenant', async () => {
    const oid = randomUUID();
    const before = jwksRequests;
    await expect(verifier.verify(await entraToken({ oid }))).resolves.toEqual({ objectId: oid, email: 'jane@example.com' });
    // The key set is cached: a second token does not fetch it again.
    await verifier.verify(await entraToken());
    expect(jwksRequests - before).toBeLessThanOrEqual(1);
  });

  test('the audience may be the client id or its api:// URI', async () => {
    await expect(verifier.verify(await entraToken({ aud: `api://${API_CLIENT_ID}` }))).resolves.toMatchObject({ email: 'jane@example.com' });
  });

  test('an application token (roles, no scp) without the Helpdesk.Automation role is refused', async () => {
    const r = await refusal(verifier.verify(await entraToken({ scp: undefined, roles: ['Tickets.ReadWrite'] })));
    expect(r).toEqual({ code: 'unauthenticated', message: expect.stringMatching(/neither a user's delegated token .* nor an application token with the Helpdesk.Automation app role/) });
  });

  test('a token for another API is refused', async () => {
    const r = await refusal(verifier.verify(await entraToken({ aud: randomUUID() })));
    expect(r).toEqual({ code: 'unauthenticated', message: expect.stringMatching(/not issued for this API/) });
  });

  test('a token from another tenant (issuer) is refused', async () => {
    const r = await refusal(verifier.verify(await entraToken({ iss: `https://login.microsoftonline.com/${randomUUID()}/v2.0` })));
    expect(r).toEqual({ code: 'unauthenticated', message: expect.stringMatching(/not issued by this tenant/) });
    // A v1 token's issuer (sts.windows.net) is refused too: the app registration must issue v2 tokens.
    expect((await refusal(verifier.verify(await entraToken({ iss: `https://sts.windows.net/${TENANT}/` })))).message).toMatch(/issuer must be/);
  });

  test('a right issuer with another tenant id claim is refused', async () => {
    expect((await refusal(verifier.verify(await entraToken({ tid: randomUUID() })))).message).toBe('The token was issued for another tenant');
  });

  test('an expired token is refused, beyond a minute of clock skew', async () => {
    const expired = await entraToken({}, { expiresIn: Math.floor(Date.now() / 1000) - 5 * 60 });
    expect(await refusal(verifier.verify(expired))).toEqual({ code: 'unauthenticated', message: 'The token has expired; sign in again' });
    const justNow = await entraToken({}, { expiresIn: Math.floor(Date.now() / 1000) - 10 });
    await expect(verifier.verify(justNow)).resolves.toMatchObject({ email: 'jane@example.com' });
  });

  test('a token signed with another key under the tenant key id is refused', async () => {
    const forged = await entraToken({}, { key: attackerKey });
    expect(await refusal(verifier.verify(forged))).toEqual({ code: 'unauthenticated', message: 'The token is not signed by a key of this tenant' });
  });

  test('a development token is refused in Entra mode', async () => {
    const dev = await issueDevToken(LOCAL_DEFAULTS.DEV_TOKEN_SECRET, 'admin@example.com');
    expect((await refusal(verifier.verify(dev))).message).toMatch(/development tokens and other algorithms are not/);
  });

  test('garbage is refused; an unreachable key set is our trouble (503), not the caller\'s', async () => {
    expect((await refusal(verifier.verify('not-a-jwt'))).code).toBe('unauthenticated');
    const offline = new EntraTokenVerifier({ tenantId: TENANT, clientId: API_CLIENT_ID, jwksUrl: 'http://127.0.0.1:1/keys' });
    expect((await refusal(offline.verify(await entraToken()))).code).toBe('unavailable');
  });
});

describe('an Entra identity becomes an agent', () => {
  test('first sign-in matches the e-mail and remembers the object id, audited', async () => {
    const oid = randomUUID();
    const actor = await authenticateAgent(deps, await entraToken({ oid, preferred_username: 'John@Example.com' }));
    expect(actor.agent).toMatchObject({ id: 'john', entraObjectId: oid });
    expect((await store.directoryEntries.get('agent', 'john'))!.value.entraObjectId).toBe(oid);
    const trail = await store.auditEntries.list({ entityKind: 'agent', entityId: 'john', limit: 10 });
    expect(trail.items[0]).toMatchObject({
      action: 'link',
      actor: { type: 'system', name: 'Entra ID sign-in' },
      changed: ['entraObjectId'],
      before: { entraObjectId: null },
      after: { entraObjectId: oid },
    });

    // Later the object id alone identifies John, even after his sign-in name changes in Entra.
    const later = await authenticateAgent(deps, await entraToken({ oid, preferred_username: 'john.smith@contoso.com' }));
    expect(later.agent.id).toBe('john');

    // Another Entra user who now carries John's address does not get his account.
    const impostor = await refusal(authenticateAgent(deps, await entraToken({ preferred_username: 'john@example.com' })));
    expect(impostor).toEqual({ code: 'forbidden', message: expect.stringMatching(/linked to another Entra ID user/) });
  });

  test('automation signs in as itself: an app-role token acts as the agent an admin mapped to its service principal, and only that way', async () => {
    const servicePrincipal = randomUUID();
    const appToken = () => entraToken({ oid: servicePrincipal, scp: undefined, preferred_username: undefined, roles: ['Helpdesk.Automation'], idtyp: 'app' });
    const unmapped = await refusal(authenticateAgent(deps, await appToken()));
    expect(unmapped).toEqual({ code: 'forbidden', message: `No agent is mapped to the application (service principal ${servicePrincipal}); an administrator sets an agent's entraObjectId to it` });
    // The administrator adds an agent for the workflow, mapped to its service principal
    // (POST /api/admin/agents {..., "entraObjectId"}); it works with that agent's roles.
    const admin = (await store.directoryEntries.get('agent', 'admin'))!.value;
    await deps.directory.createIfAbsent({ ...admin, id: 'ci-bot', name: 'CI workflow', email: 'ci-bot@contoso.example', isAdmin: false, entraObjectId: servicePrincipal });
    const actor = await authenticateAgent(deps, await appToken());
    expect(actor.agent).toMatchObject({ id: 'ci-bot', entraObjectId: servicePrincipal, isAdmin: false });
  });

  test('an unknown identity is refused with 403 and a hint', async () => {
    const r = await refusal(authenticateAgent(deps, await entraToken({ preferred_username: 'stranger@contoso.com' })));
    expect(r).toEqual({ code: 'forbidden', message: 'No agent account for stranger@contoso.com; ask an administrator to add you' });
  });

  test('a disabled agent is refused even with a valid token', async () => {
    const jane = (await store.directoryEntries.get('agent', 'jane'))!;
    await deps.directory.replace({ ...jane.value, active: false }, jane.etag);
    const r = await refusal(authenticateAgent(deps, await entraToken({ preferred_username: 'jane@example.com' })));
    expect(r).toEqual({ code: 'forbidden', message: 'The agent account jane@example.com is disabled' });
  });
});

describe('configuration', () => {
  const env = {
    ...LOCAL_DEFAULTS,
    SERVICEBUS_NAMESPACE: 'sb-test.servicebus.windows.net',
    AUTH_MODE: 'entra',
  };

  test('Entra mode without the tenant or the API client id still loads (customers and health work); blank counts as unset', () => {
    expect(loadConfig(env).auth).toMatchObject({ mode: 'entra', entra: null });
    // azd writes an unset parameter as an empty app setting (main.parameters.json `${ENTRA_API_CLIENT_ID=}`).
    expect(loadConfig({ ...env, ENTRA_TENANT_ID: TENANT, ENTRA_API_CLIENT_ID: '' }).auth).toMatchObject({ mode: 'entra', entra: null });
    expect(loadConfig({ ...env, ENTRA_TENANT_ID: TENANT, ENTRA_API_CLIENT_ID: '  ' }).auth).toMatchObject({ mode: 'entra', entra: null });
    expect(() => loadConfig({ ...env, ENTRA_TENANT_ID: 'contoso', ENTRA_API_CLIENT_ID: API_CLIENT_ID })).toThrow(/ENTRA_TENANT_ID: must be the tenant id/);
    expect(loadConfig({ ...env, ENTRA_TENANT_ID: TENANT, ENTRA_API_CLIENT_ID: API_CLIENT_ID }).auth).toMatchObject({
      mode: 'entra',
      entra: { tenantId: TENANT, clientId: API_CLIENT_ID },
    });
  });

  test('development sign-in is refused where the platform says this is Azure (WEBSITE_SITE_NAME / WEBSITE_INSTANCE_ID)', () => {
    const dev = { ...LOCAL_DEFAULTS, AUTH_MODE: 'development', SERVICEBUS_NAMESPACE: 'sb-test.servicebus.windows.net' };
    expect(loadConfig(dev).auth.mode).toBe('development');
    expect(() => loadConfig({ ...dev, WEBSITE_SITE_NAME: 'func-helpdesk-abc123' })).toThrow(/AUTH_MODE: development sign-in is refused in Azure/);
    expect(() => loadConfig({ ...dev, WEBSITE_INSTANCE_ID: 'a1b2c3' })).toThrow(/AUTH_MODE: development sign-in is refused in Azure/);
    expect(loadConfig({ ...env, WEBSITE_SITE_NAME: 'func-helpdesk-abc123', ENTRA_TENANT_ID: TENANT, ENTRA_API_CLIENT_ID: API_CLIENT_ID }).auth.mode).toBe('entra');
  });

  test('clients learn how to sign in from the configuration alone: tenant, client id, scope for MSAL, resource for the Azure CLI', () => {
    expect(clientAuthConfig(loadConfig({ ...env, ENTRA_TENANT_ID: TENANT, ENTRA_API_CLIENT_ID: API_CLIENT_ID }).auth)).toEqual({
      mode: 'entra',
      tenantId: TENANT,
      clientId: API_CLIENT_ID,
      authority: `https://login.microsoftonline.com/${TENANT}`,
      scope: `api://${API_CLIENT_ID}/access_as_user`,
      resource: `api://${API_CLIENT_ID}`,
    });
    expect(clientAuthConfig(loadConfig({ ...env, AUTH_MODE: 'development' }).auth)).toEqual({ mode: 'development' });
    expect(clientAuthConfig(loadConfig(env).auth)).toMatchObject({ mode: 'unconfigured', message: expect.stringMatching(/ENTRA_API_CLIENT_ID/) });
  });
});
