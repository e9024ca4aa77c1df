// The GitHub workflows as GitHub reads them. The smoke workflow cannot run here (it needs Azure);
// what can be checked is its shape: OIDC, skipped without secrets, always torn down, and the
// commands it runs being the project's own (tested in test/infra/deploy.test.ts and
// test/scripts/smoke.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './bicep';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { env: Record<string, string>; steps: Step[] }>;
}

const smoke = parse(readFileSync(join(ROOT, '.github', 'workflows', 'smoke.yml'), 'utf8')) as Workflow;
const steps = smoke.jobs['smoke']!.steps;
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

test('signs in with OIDC (an id-token, no client secret anywhere)', () => {
  expect(smoke.permissions['id-token']).toBe('write');
  const login = steps.find((s) => s.uses?.startsWith('azure/login@'))!;
  expect(Object.keys(login.with!).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']);
  expect(readFileSync(join(ROOT, '.github', 'workflows', 'smoke.yml'), 'utf8')).not.toMatch(/client-secret|AZURE_CLIENT_SECRET/);
});

test('without the secrets every step but the notice is skipped, so the job passes', () => {
  expect(smoke.jobs['smoke']!.env['HAS_AZURE']).toContain("secrets.AZURE_CLIENT_ID != ''");
  const [notice, ...rest] = steps;
  expect(notice!.if).toBe("env.HAS_AZURE != 'true'");
  expect(rest.length).toBeGreaterThanOrEqual(4); // at least sign-in, deploy, smoke and tear-down
  expect(rest.map((step) => ({ step: step.name ?? step.uses, if: step.if }))).toEqual(
    rest.map((step) => ({ step: step.name ?? step.uses, if: expect.stringContaining("env.HAS_AZURE == 'true'") })),
  );
});

test('deploys, smoke-tests and always tears down the same throw-away environment, with the project\'s own commands', () => {
  const runs = steps.map((s) => s.run ?? '').join('\n');
  expect(runs).toContain('npm run deploy -- --env "$ENV_NAME"');
  expect(runs).toContain('npm run smoke -- --api-url "$API_URL"');
  const teardown = steps.find((s) => s.run?.includes('npm run teardown'))!;
  expect(teardown.run).toContain('--env "$ENV_NAME" --yes');
  expect(teardown.if).toMatch(/^always\(\) && /);
  expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['deploy', 'smoke', 'teardown']));
});
