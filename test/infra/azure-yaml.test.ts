// azure.yaml as azd reads it. azd runs a service's hooks with the service folder as working
// directory (Azure/azure-dev, cli/azd/cmd/middleware/hooks.go, registerServiceHooks), and the
// service folder here is the bundle, which a fresh clone does not have yet: so the bundle must be
// built by a project-level hook, from the project root.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './bicep';

interface Hook {
  shell: string;
  run: string;
}
interface AzureYaml {
  services: Record<string, { project: string; language: string; host: string; hooks?: Record<string, Hook> }>;
  hooks: Record<string, Hook>;
}

const azureYaml = parse(readFileSync(join(ROOT, 'azure.yaml'), 'utf8')) as AzureYaml;
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

test('the function service is the bundle folder, and it has no hooks of its own (they would run inside it)', () => {
  expect(azureYaml.services['api']).toEqual({ project: './dist/deploy/app', language: 'js', host: 'function' });
});

test('a project-level prepackage hook installs when needed and builds the bundle from the project root', () => {
  const hook = azureYaml.hooks['prepackage']!;
  expect(hook.shell).toBe('sh');
  expect(hook.run).toContain('npm ci');
  expect(hook.run).toMatch(/npm run bundle\b/);
  // `npm run bundle` exists at the root and writes dist/deploy/app (scripts/bundle.ts).
  expect(scripts['bundle']).toMatch(/node dist\/scripts\/bundle\.js/);
});

test('after deploying, the directory is seeded by the same deploy script, from the project root', () => {
  expect(azureYaml.hooks['postdeploy']!.run).toBe('node dist/scripts/deploy.js --seed-only --env "$AZURE_ENV_NAME"');
});
