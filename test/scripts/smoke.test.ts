// `npm run smoke` against a help desk that runs here: the local stack stands in for a deployed
// one (real HTTP, real functions), once with a token handed in (automation, HELPDESK_TOKEN) and
// once in Entra mode, signed in through the recording `az` with a token the stand-in tenant
// signed. Azure itself cannot be reached from here; the GitHub workflow that runs this against a
// throw-away deployment is checked in test/infra/workflows.test.ts.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { FakeTenant } from '../support/entra';
import { agentToken, startStack, type Stack } from '../support/stack';

const ROOT = join(__dirname, '..', '..');
const FAKE_AZ = join(ROOT, 'test', 'support', 'fake-az');

function smoke(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'smoke.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('against the local stack with development sign-in', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  test('plays the lifecycle step by step with the agent token it is given, and passes', async () => {
    const r = await smoke(['--api-url', stack.baseUrl], { HELPDESK_TOKEN: await agentToken('admin@example.com') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const steps = r.stdout.split('\n').filter((l) => /^\[\d\/8\]/.test(l));
    expect(steps.map((l) => l.replace(/#\d+/, '#N').replace(/ of http\S+/, ''))).toEqual([
      '[1/8] Health',
      '[2/8] Signing in as an agent',
      '[3/8] A customer opens a ticket',
      '[4/8] The agent assigns #N to themselves',
      '[5/8] The agent replies',
      '[6/8] The agent resolves and closes it',
      '[7/8] The customer sees the closed ticket; the replies wait for the e-mailed link',
      '[8/8] The ticket has left the open queue',
    ]);
    expect(r.stdout).toMatch(/Smoke test passed against http:\/\/127\.0\.0\.1:\d+\/api \(ticket #\d{6}\)\./);
  });

  test('a step that fails is named with the status and the API\'s message, exit code 1', async () => {
    const r = await smoke(['--api-url', stack.baseUrl], { HELPDESK_TOKEN: 'not-a-token' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: who am I: expected 200, got 401 \(unauthenticated: /);
  });

  test('without a token in development mode it says how to get one (exit 3); without --api-url it says what to pass (exit 2)', async () => {
    const none = await smoke(['--api-url', stack.baseUrl], {});
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/set HELPDESK_TOKEN \(npm run token -- admin@example\.com\)/);
    const usage = await smoke([], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--api-url <url> is required/);
  });
});

describe('against a help desk in Entra mode, signed in with the Azure CLI', () => {
  let tenant: FakeTenant;
  let stack: Stack;
  beforeAll(async () => {
    tenant = await FakeTenant.start();
    stack = await startStack({
      env: { AUTH_MODE: 'entra', ENTRA_TENANT_ID: tenant.tenantId, ENTRA_API_CLIENT_ID: tenant.clientId, ENTRA_JWKS_URL: tenant.jwksUrl },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await tenant.stop();
  });

  test('reads /api/auth/config, asks az for a token for the API\'s resource, and passes', async () => {
    chmodSync(join(FAKE_AZ, 'az'), 0o755);
    const log = join(mkdtempSync(join(tmpdir(), 'smoke-az-')), 'calls.jsonl');
    const token = await tenant.token({ preferred_username: 'admin@example.com', aud: `api://${tenant.clientId}` });
    const r = await smoke(['--api-url', stack.baseUrl], { PATH: `${FAKE_AZ}${delimiter}${process.env.PATH ?? ''}`, FAKE_AZ_LOG: log, FAKE_AZ_ACCESS_TOKEN: token });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`through the Azure CLI (api://${tenant.clientId})`);
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { args: string[] }).args.join(' ')) : [];
    expect(calls).toEqual(['account show --output json', `account get-access-token --resource api://${tenant.clientId} --output json`]);
  });
});
