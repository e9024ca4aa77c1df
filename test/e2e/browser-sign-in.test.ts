// Agents sign in to the console in a real browser (Debian's Chromium, driven by playwright-core):
// - Entra mode: "Sign in with Microsoft" through the real MSAL bundle. login.microsoftonline.com
//   cannot be reached here (and MSAL refuses a non-https authority), so the test answers that host
//   itself with page.route: the OpenID configuration and instance discovery MSAL asks for, the
//   authorize redirect (back to /staff with a code), and the token endpoint, which checks PKCE and
//   hands out an access token signed with the test tenant's key. The local stack runs with
//   AUTH_MODE=entra and fetches that key set from loopback (ENTRA_JWKS_URL), so the API verifies
//   the token as it would in Azure. No request may leave the machine: anything else is aborted.
// - Development mode: the picker lists the seeded agents and signs in with one click.
// Screenshots at desktop and phone widths go to test-results/screenshots/.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';
import { FakeTenant } from '../support/entra';
import { emailedToken } from '../support/mail';
import { client, startStack, type Stack } from '../support/stack';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
const LOGIN = 'https://login.microsoftonline.com';
const PHONE = { width: 390, height: 844 };

jest.setTimeout(120_000);

let profileDir: string;
let context: BrowserContext;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the CI set-up does this)`);
  mkdirSync(SHOTS, { recursive: true });
  profileDir = mkdtempSync(join(tmpdir(), 'helpdesk-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1200, height: 900 },
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

beforeEach(() => {
  problems.length = 0;
});

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return page;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** What the fake login host saw, in order. */
interface LoginRecord {
  method: string;
  path: string;
  params: URLSearchParams;
}

/**
 * Answers login.microsoftonline.com for one tenant as Entra's v2 endpoints do (the shapes of
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow), and aborts every
 * other request that would leave the machine.
 */
async function fakeLoginHost(page: Page, tenant: FakeTenant, user: { oid: string; email: string; name: string }, opts: { expiresIn: number }) {
  const seen: LoginRecord[] = [];
  const codes = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' };
  const base = `${LOGIN}/${tenant.tenantId}`;
  const clientInfo = b64url({ uid: user.oid, utid: tenant.tenantId });
  const idToken = (nonce: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ oid: user.oid, tid: tenant.tenantId, preferred_username: user.email, name: user.name, nonce, ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: tenant.published[0]!.kid, typ: 'JWT' })
      .setIssuer(tenant.issuer)
      .setAudience(tenant.clientId)
      .setSubject(user.oid)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(tenant.published[0]!.privateKey);
  };
  const json = (route: Route, status: number, body: unknown) => route.fulfill({ status, headers: { ...cors, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  await page.route(
    (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
    async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (url.origin !== LOGIN) {
        problems.push(`left the machine: ${request.method()} ${request.url()}`);
        return route.abort();
      }
      const params = request.method() === 'POST' ? new URLSearchParams(request.postData() ?? '') : url.searchParams;
      seen.push({ method: request.method(), path: url.pathname, params });
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      if (url.pathname.endsWith('/discovery/instance')) {
        return json(route, 200, {
          tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] }],
        });
      }
      if (url.pathname === `/${tenant.tenantId}/v2.0/.well-known/openid-configuration`) {
        return json(route, 200, {
          issuer: tenant.issuer,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          tenant_region_scope: 'EU',
          cloud_instance_name: 'microsoftonline.com',
        });
      }
      if (url.pathname === `/${tenant.tenantId}/oauth2/v2.0/authorize`) {
        // The user "signs in" at once: back to the redirect URI with a code, in the fragment MSAL asked for.
        const code = randomUUID();
        const redirectUri = params.get('redirect_uri')!;
        codes.set(code, { challenge: params.get('code_challenge')!, nonce: params.get('nonce') ?? '', redirectUri });
        const answer = new URLSearchParams({ code, state: params.get('state')!, client_info: clientInfo, session_state: randomUUID() });
        return route.fulfill({ status: 302, headers: { location: `${redirectUri}#${answer.toString()}` } });
      }
      if (url.pathname === `/${tenant.tenantId}/oauth2/v2.0/token`) {
        const grant = params.get('grant_type');
        let nonce = '';
        if (grant === 'authorization_code') {
          const issued = codes.get(params.get('code') ?? '');
          // PKCE: the verifier must hash to the challenge the authorize request carried.
          const verifier = params.get('code_verifier') ?? '';
          if (!issued || createHash('sha256').update(verifier).digest('base64url') !== issued.challenge || params.get('redirect_uri') !== issued.redirectUri) {
            return json(route, 400, { error: 'invalid_grant', error_description: 'AADSTS70000: the code or its PKCE verifier is wrong' });
          }
          codes.delete(params.get('code')!);
          nonce = issued.nonce;
        } else if (grant !== 'refresh_token' || params.get('refresh_token') !== 'refresh-1') {
          return json(route, 400, { error: 'invalid_grant', error_description: `AADSTS70000: unexpected grant ${grant}` });
        }
        const scope = `api://${tenant.clientId}/access_as_user`;
        const accessToken = await tenant.token({ aud: `api://${tenant.clientId}`, oid: user.oid, preferred_username: user.email, name: user.name, exp: Math.floor(Date.now() / 1000) + opts.expiresIn });
        return json(route, 200, {
          token_type: 'Bearer',
          scope: `${scope} openid profile offline_access`,
          expires_in: opts.expiresIn,
          ext_expires_in: opts.expiresIn,
          access_token: accessToken,
          refresh_token: 'refresh-1',
          id_token: await idToken(nonce),
          client_info: clientInfo,
        });
      }
      if (url.pathname === `/${tenant.tenantId}/oauth2/v2.0/logout`) {
        return route.fulfill({ status: 302, headers: { location: url.searchParams.get('post_logout_redirect_uri')! } });
      }
      problems.push(`unexpected login request: ${request.method()} ${request.url()}`);
      return json(route, 404, { error: 'not_found' });
    },
  );
  return seen;
}

describe('Entra mode', () => {
  let tenant: FakeTenant;
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    tenant = await FakeTenant.start();
    stack = await startStack({
      env: { AUTH_MODE: 'entra', ENTRA_TENANT_ID: tenant.tenantId, ENTRA_API_CLIENT_ID: tenant.clientId, ENTRA_JWKS_URL: tenant.jwksUrl },
    });
    origin = stack.baseUrl.replace(/\/api$/, '');
  });
  afterAll(async () => {
    await stack?.stop();
    await tenant?.stop();
  });

  test('the development sign-in route does not exist, and the config names the tenant', async () => {
    const api = client(stack.baseUrl);
    expect((await api.get('/auth/dev-sign-in')).status).toBe(404);
    expect((await api.post('/auth/dev-sign-in', { email: 'jane@example.com' })).status).toBe(404);
    expect(stack.output()).not.toContain('auth-dev-sign-in');
    expect((await api.get('/auth/config')).body).toMatchObject({ mode: 'entra', clientId: tenant.clientId, scope: `api://${tenant.clientId}/access_as_user` });
  });

  test('an agent signs in with Microsoft (code + PKCE), works a ticket with silently renewed tokens, and signs out', async () => {
    const api = client(stack.baseUrl);
    const opened = await api.post('/tickets', { name: 'Maria', email: 'maria@example.org', topicId: 'other', subject: 'Cannot reset my password', message: 'The link has expired.' });
    expect(opened.status).toBe(201);
    const number = opened.body.number as string;

    const page = await newPage();
    const apiCalls: { path: string; auth: string | null }[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${origin}/api/staff`)) apiCalls.push({ path: new URL(r.url()).pathname, auth: r.headers()['authorization'] ?? null });
    });
    // expires_in under MSAL's 5-minute renewal margin: every token the console asks for is renewed
    // with the refresh token, so working the ticket exercises silent renewal.
    const seen = await fakeLoginHost(page, tenant, { oid: randomUUID(), email: 'admin@example.com', name: 'Admin' }, { expiresIn: 240 });

    const csp = (await page.goto(`${origin}/staff`))!.headers()['content-security-policy'];
    expect(csp).toContain(`connect-src 'self' ${LOGIN};`);
    await page.locator('#sign-in-microsoft').waitFor();
    await page.screenshot({ path: join(SHOTS, 'console-sign-in-entra.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SHOTS, 'console-sign-in-entra-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });

    await page.click('#sign-in-microsoft');
    await expect(page.locator('#agent-name').textContent()).resolves.toBe('Admin');

    const authorize = seen.find((r) => r.path.endsWith('/oauth2/v2.0/authorize'))!;
    expect(authorize.params.get('client_id')).toBe(tenant.clientId);
    expect(authorize.params.get('response_type')).toBe('code');
    expect(authorize.params.get('code_challenge_method')).toBe('S256');
    expect(authorize.params.get('redirect_uri')).toBe(`${origin}/staff`);
    expect(authorize.params.get('scope')!.split(' ')).toContain(`api://${tenant.clientId}/access_as_user`);

    // The queue, the ticket, a reply: each API call carries a bearer token from the login host.
    const row = page.locator('#queue tbody tr', { hasText: number });
    await row.waitFor();
    await page.screenshot({ path: join(SHOTS, 'console-queue-entra.png'), fullPage: true });
    await row.locator('a').first().click();
    await page.fill('#reply textarea', 'Here is a new link; it is valid for an hour.');
    await page.click('#reply button[type=submit]');
    await expect(page.locator('#notice .alert.ok').textContent()).resolves.toBe('Reply sent');
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SHOTS, 'console-ticket-entra-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });

    // The customer reads the reply through the link e-mailed to them (issue 18).
    const ticket = await api.get(`/tickets/${number}`, { headers: { authorization: `Bearer ${await emailedToken(stack.mailOutbox, number)}` } });
    expect(ticket.body.thread.map((e: { type: string; body: string }) => `${e.type}: ${e.body}`)).toContain('response: Here is a new link; it is valid for an hour.');

    const grants = seen.filter((r) => r.path.endsWith('/oauth2/v2.0/token') && r.method === 'POST').map((r) => r.params.get('grant_type'));
    expect(grants[0]).toBe('authorization_code');
    expect(grants.filter((g) => g === 'refresh_token').length).toBeGreaterThanOrEqual(3);
    expect(seen.filter((r) => r.path.endsWith('/authorize'))).toHaveLength(1);
    expect(apiCalls.length).toBeGreaterThanOrEqual(4);
    expect(apiCalls.filter((c) => !c.auth?.startsWith('Bearer ey'))).toEqual([]);

    // Sign out: through Microsoft's sign-out endpoint and back to the sign-in page.
    await page.click('#sign-out');
    await page.locator('#sign-in-microsoft').waitFor();
    expect(seen.some((r) => r.path.endsWith('/oauth2/v2.0/logout'))).toBe(true);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => /accesstoken|refreshtoken/i.test(k)))).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('development mode', () => {
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    stack = await startStack();
    origin = stack.baseUrl.replace(/\/api$/, '');
  });
  afterAll(() => stack?.stop());

  test('the picker lists the seeded agents and signs in as the chosen one with one click', async () => {
    const page = await newPage();
    await page.route((url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost', (route) => {
      problems.push(`left the machine: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(`${origin}/staff`);
    const buttons = page.locator('#dev-agents button.agent');
    await buttons.first().waitFor();
    expect(await buttons.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-email')))).toEqual(expect.arrayContaining(['admin@example.com', 'jane@example.com', 'john@example.com']));
    await page.screenshot({ path: join(SHOTS, 'console-sign-in-dev.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SHOTS, 'console-sign-in-dev-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });

    await page.click('#dev-agents button[data-email="john@example.com"]');
    await expect(page.locator('#agent-name').textContent()).resolves.toBe('John Smith');
    await page.locator('#queue').waitFor();
    // Signing out forgets the token: the picker again.
    await page.click('#sign-out');
    await page.locator('#dev-agents button.agent').first().waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('helpdesk.agentToken'))).toBeNull();
    expect(problems).toEqual([]);
  });

  test('the development sign-in route refuses an unknown agent and a non-JSON body, and changes nothing', async () => {
    const api = client(stack.baseUrl);
    const unknown = await api.post('/auth/dev-sign-in', { email: 'mallory@example.com' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('mallory@example.com');
    expect((await api.post('/auth/dev-sign-in', { email: 'not an address' })).status).toBe(400);
    expect((await api.call('POST', '/auth/dev-sign-in', { raw: 'email=jane@example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    const signed = await api.post('/auth/dev-sign-in', { email: 'Jane@Example.com' });
    expect(signed.status).toBe(200);
    expect((await api.get('/staff/me', { token: signed.body.token })).body).toMatchObject({ email: 'jane@example.com' });
  });
});
