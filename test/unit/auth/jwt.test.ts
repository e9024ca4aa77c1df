// Entra ID access tokens at the verifier, for what test/integration/entra-tokens.test.ts leaves out:
// key rotation, not-before and the exact clock-skew boundary, required claims, algorithms other
// than RS256, a key-set endpoint that misbehaves, and where the e-mail comes from. The key set is
// served over real HTTP on loopback (test/support/entra.ts); Date is frozen so seconds are exact.
import { UnsecuredJWT, exportSPKI, SignJWT, generateKeyPair } from 'jose';
import { DomainError } from '../../../shared/domain/errors';
import { FakeTenant, tenantKey } from '../../support/entra';

let tenant: FakeTenant;
const NOW = Date.parse('2026-11-24T09:00:00.000Z');
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  tenant = await FakeTenant.start();
});
afterAll(() => tenant.stop());

beforeEach(() => {
  tenant.answer = 'keys';
  // Only Date is faked: sockets and timers stay real.
  jest.useFakeTimers({
    now: NOW,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
});
afterEach(() => jest.useRealTimers());

const ONLY_RS256 = { code: 'unauthenticated', message: 'Only Microsoft Entra ID tokens (RS256) are accepted here; development tokens and other algorithms are not' };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof DomainError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

describe('signing keys', () => {
  test('a rotated key is fetched when a token names its new kid, but not within 30 s of the last fetch', async () => {
    const verifier = tenant.verifier();
    await verifier.verify(await tenant.token());
    const fetched = tenant.keySetRequests;
    const rotated = await tenantKey('key-2');
    tenant.published = [...tenant.published, rotated];

    // jose's cooldown: an unknown kid right after a fetch is refused without asking again.
    jest.setSystemTime(NOW + 29_000);
    const early = await refusal(verifier.verify(await tenant.token({}, { key: rotated })));
    expect(early).toEqual({ code: 'unauthenticated', message: 'The token is not signed by a key of this tenant' });
    expect(tenant.keySetRequests).toBe(fetched);

    jest.setSystemTime(NOW + 30_000);
    await expect(verifier.verify(await tenant.token({ preferred_username: 'new@example.com' }, { key: rotated }))).resolves.toMatchObject({ email: 'new@example.com' });
    expect(tenant.keySetRequests).toBe(fetched + 1);
    tenant.published = tenant.published.filter((k) => k.kid !== 'key-2');
  });

  test.each([
    ['answers 500', 'status-500'],
    ['answers with broken JSON', 'bad-json'],
    ['answers JSON that is not a key set', 'no-keys'],
    ['does not answer', 'silence'],
  ] as const)('a key-set endpoint that %s is our trouble (503), not the caller\'s', async (_, answer) => {
    tenant.answer = answer;
    const verifier = tenant.verifier({ jwksTimeoutMs: 300 });
    expect(await refusal(verifier.verify(await tenant.token()))).toEqual({
      code: 'unavailable',
      message: 'The sign-in keys of the Entra tenant could not be fetched; try again shortly',
    });
  });
});

describe('time claims, with a minute of tolerance', () => {
  test('a token expired 59 s ago passes; 60 s ago it is refused', async () => {
    const verifier = tenant.verifier();
    await expect(verifier.verify(await tenant.token({ exp: nowSeconds() - 59 }))).resolves.toMatchObject({ email: 'jane@example.com' });
    expect(await refusal(verifier.verify(await tenant.token({ exp: nowSeconds() - 60 })))).toEqual({
      code: 'unauthenticated',
      message: 'The token has expired; sign in again',
    });
  });

  test('a token valid from 60 s ahead passes; from 61 s ahead it is refused as not yet valid', async () => {
    const verifier = tenant.verifier();
    await expect(verifier.verify(await tenant.token({ nbf: nowSeconds() + 60 }))).resolves.toMatchObject({ email: 'jane@example.com' });
    expect(await refusal(verifier.verify(await tenant.token({ nbf: nowSeconds() + 61 })))).toEqual({
      code: 'unauthenticated',
      message: "The token's nbf claim is not acceptable: check_failed",
    });
  });
});

describe('required claims', () => {
  test.each(['oid', 'tid', 'exp'])('a token without %s is refused, naming the claim', async (name) => {
    const r = await refusal(tenant.verifier().verify(await tenant.token({ [name]: undefined })));
    expect(r).toEqual({ code: 'unauthenticated', message: `The token's ${name} claim is not acceptable: missing` });
  });
});

describe('algorithms: only RS256, refused before any key is looked up', () => {
  test('an unsigned token (alg none) is refused', async () => {
    const unsigned = new UnsecuredJWT({ tid: tenant.tenantId, oid: 'x', scp: 'access_as_user' })
      .setIssuer(tenant.issuer)
      .setAudience(tenant.clientId)
      .setExpirationTime('1h')
      .encode();
    expect(await refusal(tenant.verifier().verify(unsigned))).toEqual(ONLY_RS256);
  });

  test('HS256 keyed with the tenant\'s public key (algorithm confusion) is refused', async () => {
    const publicPem = await exportSPKI(tenant.published[0]!.publicKey);
    const forged = await new SignJWT({ tid: tenant.tenantId, oid: 'x', scp: 'access_as_user' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setIssuer(tenant.issuer)
      .setAudience(tenant.clientId)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(publicPem));
    expect(await refusal(tenant.verifier().verify(forged))).toEqual(ONLY_RS256);
  });

  test.each(['RS384', 'PS256'])('%s, though signed with the tenant\'s own RSA key, is refused', async (alg) => {
    expect(await refusal(tenant.verifier().verify(await tenant.token({}, { alg })))).toEqual(ONLY_RS256);
  });

  test('ES256 with a key the tenant does not have is refused', async () => {
    const ec = { kid: 'key-1', ...(await generateKeyPair('ES256')) };
    expect(await refusal(tenant.verifier().verify(await tenant.token({}, { key: ec, alg: 'ES256' })))).toEqual(ONLY_RS256);
  });
});

describe('where the e-mail comes from', () => {
  test.each([
    ['the sign-in name', { preferred_username: 'jane@example.com', email: 'other@example.com' }, 'jane@example.com'],
    ['the email claim when the sign-in name is not an address', { preferred_username: '+4712345678', email: 'jane@example.com' }, 'jane@example.com'],
    ['the upn when neither is', { preferred_username: undefined, email: undefined, upn: 'jane@contoso.com' }, 'jane@contoso.com'],
    ['nothing when no claim holds an address', { preferred_username: 'jane', email: undefined, upn: undefined }, null],
  ])('%s', async (_, claims, email) => {
    const oid = '0a1b2c3d-0000-4000-8000-00000000000a';
    await expect(tenant.verifier().verify(await tenant.token({ ...claims, oid }))).resolves.toEqual({ objectId: oid, email });
  });
});

describe('which tokens count: delegated user tokens, and applications with the automation role', () => {
  const oid = '5e1f0000-0000-4000-8000-0000000000a5';

  test("a user's delegated token (scp) is a person", async () => {
    await expect(tenant.verifier().verify(await tenant.token({ oid }))).resolves.toEqual({ objectId: oid, email: 'jane@example.com' });
  });

  test('an application token (client credentials: roles, no scp) with Helpdesk.Automation is that service principal, never a person', async () => {
    const token = await tenant.token({ oid, scp: undefined, preferred_username: undefined, name: undefined, roles: ['Helpdesk.Automation'], idtyp: 'app' });
    await expect(tenant.verifier().verify(token)).resolves.toEqual({ objectId: oid, email: null, application: true });
  });

  test('a token with neither scp nor the automation role is refused, and says which kinds count', async () => {
    const kinds = [{ scp: undefined }, { scp: undefined, roles: ['Something.Else'] }, { scp: undefined, roles: 'Helpdesk.Automation' }];
    const refusals: Awaited<ReturnType<typeof refusal>>[] = [];
    for (const claims of kinds) refusals.push(await refusal(tenant.verifier().verify(await tenant.token({ oid, ...claims }))));
    const expected = {
      code: 'unauthenticated',
      message: "The token is neither a user's delegated token (no scp claim) nor an application token with the Helpdesk.Automation app role",
    };
    expect(refusals).toEqual([expected, expected, expected]);
  });

  test('a v1 token (issuer sts.windows.net) is refused and the message names the v2 issuer', async () => {
    const v1 = await tenant.token({ oid, iss: `https://sts.windows.net/${tenant.tenantId}/`, ver: '1.0' });
    expect(await refusal(tenant.verifier().verify(v1))).toEqual({
      code: 'unauthenticated',
      message: `The token was not issued by this tenant (issuer must be https://login.microsoftonline.com/${tenant.tenantId}/v2.0)`,
    });
  });
});
