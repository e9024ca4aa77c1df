// `helpdesk login` configures itself from the API's GET /auth/config: against a stack in Entra mode
// it asks the Azure CLI (the recording fake `az`, since Azure cannot run here) for a token for the
// resource the API names, with no scope or client id typed; against the local stack in development
// mode it lists the agents to sign in as. The token the fake `az` hands out is minted with the test
// tenant's key, which the stack trusts through ENTRA_JWKS_URL, so the API verifies it for real.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { FakeTenant } from '../support/entra';
import { startStack, type Stack } from '../support/stack';

const BIN = join(__dirname, '..', '..', 'clients', 'cli', 'bin.js');
const FAKE_AZ = join(__dirname, '..', 'support', 'fake-az');

jest.setTimeout(90_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function helpdesk(home: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: `${FAKE_AZ}${delimiter}${process.env['PATH']}`, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...extraEnv };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

const azCalls = (log: string) =>
  readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { args: string[] }).args);

describe('against a help desk in Entra mode', () => {
  let tenant: FakeTenant;
  let stack: Stack;

  beforeAll(async () => {
    tenant = await FakeTenant.start();
    stack = await startStack({ env: { AUTH_MODE: 'entra', ENTRA_TENANT_ID: tenant.tenantId, ENTRA_API_CLIENT_ID: tenant.clientId, ENTRA_JWKS_URL: tenant.jwksUrl } });
  });
  afterAll(async () => {
    await stack?.stop();
    await tenant?.stop();
  });

  test('helpdesk login --api-url signs in with the Azure CLI for the resource the API names, and later commands reuse it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'helpdesk-cli-'));
    const log = join(home, 'az.log');
    const token = await tenant.token({ aud: `api://${tenant.clientId}`, preferred_username: 'admin@example.com', name: 'Admin' });
    const azEnv = { FAKE_AZ_LOG: log, FAKE_AZ_ACCESS_TOKEN: token };

    const login = await helpdesk(home, ['login', '--api-url', stack.baseUrl], azEnv);
    expect(login).toMatchObject({ code: 0, stderr: '' });
    expect(login.stdout).toContain(`Signed in to ${stack.baseUrl} as Admin <admin@example.com>`);
    // What AzureCliCredential asked: the resource (scope minus /.default) in the API's tenant.
    const first = azCalls(log)[0]!;
    expect(first.slice(0, 2)).toEqual(['account', 'get-access-token']);
    expect(first[first.indexOf('--resource') + 1]).toBe(`api://${tenant.clientId}`);
    expect(first[first.indexOf('--tenant') + 1]).toBe(tenant.tenantId);
    const profile = JSON.parse(readFileSync(join(home, '.config', 'helpdesk', 'profile.json'), 'utf8'));
    expect(profile).toEqual({ apiUrl: stack.baseUrl, auth: { method: 'azure-cli', scope: `api://${tenant.clientId}/.default`, tenantId: tenant.tenantId } });

    const whoami = await helpdesk(home, ['whoami'], azEnv);
    expect(whoami).toMatchObject({ code: 0, stderr: '' });
    expect(whoami.stdout).toContain('Admin <admin@example.com> (administrator)');
    // Each command asks the Azure CLI afresh (it keeps its own cache), always for the same resource.
    expect(azCalls(log)).toHaveLength(3);
    expect(new Set(azCalls(log).map((a) => a.join(' '))).size).toBe(1);
  });

  test('a signed-out Azure CLI is reported with what to do, and no profile is written', async () => {
    const home = mkdtempSync(join(tmpdir(), 'helpdesk-cli-'));
    const login = await helpdesk(home, ['login', '--api-url', stack.baseUrl], { FAKE_AZ_LOG: join(home, 'az.log'), FAKE_AZ_LOGGED_OUT: '1' });
    expect(login.code).not.toBe(0);
    expect(login.stderr).toMatch(/could not get an Entra ID token for api:\/\/[0-9a-f-]+\/\.default: .*az login/);
    expect(() => readFileSync(join(home, '.config', 'helpdesk', 'profile.json'))).toThrow();
  });
});

describe('against the local help desk in development mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  test('helpdesk login without --dev lists the agents to sign in as; --dev signs in', async () => {
    const home = mkdtempSync(join(tmpdir(), 'helpdesk-cli-'));
    const offer = await helpdesk(home, ['login', '--api-url', stack.baseUrl]);
    expect(offer.code).toBe(2);
    expect(offer.stderr).toContain('development mode');
    expect(offer.stderr).toContain('helpdesk login --dev jane@example.com    (Jane Doe)');
    const login = await helpdesk(home, ['login', '--api-url', stack.baseUrl, '--dev', 'jane@example.com']);
    expect(login).toMatchObject({ code: 0, stderr: '' });
    expect(login.stdout).toContain('as Jane Doe <jane@example.com>');
  });

  test('an address that is not the API says so', async () => {
    const home = mkdtempSync(join(tmpdir(), 'helpdesk-cli-'));
    const wrong = await helpdesk(home, ['login', '--api-url', stack.baseUrl.replace(/\/api$/, '/nothing')]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("the help desk's API (ending in /api)?");
  });
});
