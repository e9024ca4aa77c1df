// The deployment bundle as the Functions worker loads it: a fresh Node process, the worker's
// @azure/functions-core stood in for by a stub that records what registers. A bundle that builds
// but throws on load (an SDK's ESM reading import.meta.url, say) fails here, not in Azure.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUNDLE_FILE, bundle } from '../../scripts/bundle';

const ROOT = join(__dirname, '..', '..');

const LOADER = `
const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === '@azure/functions-core' ? request : resolve.call(this, request, ...rest); };
const registered = [];
require.cache['@azure/functions-core'] = { id: 'core', filename: 'core', loaded: true, exports: {
  registerHook: () => ({ dispose() {} }),
  registerFunction: (metadata) => { registered.push(metadata.name); return { dispose() {} }; },
  setProgrammingModel() {}, getProgrammingModel: () => ({}),
} };
require(process.argv[1]);
process.stdout.write(JSON.stringify(registered));
`;

test('the bundle loads in a fresh process and registers every function file with the worker', async () => {
  const { appDir } = await bundle({ root: ROOT, outDir: mkdtempSync(join(tmpdir(), 'helpdesk-bundle-')) });
  // As in Azure: the platform sets WEBSITE_SITE_NAME, and the app runs with Entra sign-in.
  const env = { PATH: process.env.PATH ?? '', WEBSITE_SITE_NAME: 'func-helpdesk-test', AUTH_MODE: 'entra' };
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', LOADER, join(appDir, BUNDLE_FILE)], { cwd: appDir, env });
  const files = readdirSync(join(ROOT, 'functions')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
  // Every file registers, except the development sign-in, which must never exist in Azure.
  expect((JSON.parse(stdout) as string[]).sort()).toEqual(files.filter((f) => f !== 'auth-dev-sign-in').sort());
});
