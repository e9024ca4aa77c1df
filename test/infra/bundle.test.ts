// The deployment bundle as the Functions worker loads it: a fresh Node process imports the ES module
// entry, the worker's @azure/functions-core stood in for by a stub that records what registers. A
// bundle that builds but throws on load (an SDK reading require or __dirname in an ES module, say)
// fails here, not in Azure. The heavy SDKs, zod and the handlers stay out of what a cold start
// loads (issue 21): a cold start registers the functions, and a function loads the rest on its first call.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { BUNDLE_FILE, bundle, type BundleResult } from '../../scripts/bundle';

const ROOT = join(__dirname, '..', '..');

// Registers the stub, imports the entry and prints what registered; then imports every chunk, as
// the first requests would, so a chunk that cannot load fails here too.
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
const [entry, ...chunks] = process.argv.slice(1);
(async () => {
  await import(entry);
  const atStart = [...registered];
  for (const chunk of chunks) await import(chunk);
  process.stdout.write(JSON.stringify(atStart));
})().catch((err) => { console.error(err); process.exit(1); });
`;

// Imports the entry only, then calls registered handlers as the worker would (the programming
// model hands registerFunction the app's handler): each first call imports its chunks.
const CALLER = `
const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === '@azure/functions-core' ? request : resolve.call(this, request, ...rest); };
const handlers = new Map();
require.cache['@azure/functions-core'] = { id: 'core', filename: 'core', loaded: true, exports: {
  registerHook: () => ({ dispose() {} }),
  registerFunction: (metadata, handler) => { handlers.set(metadata.name, handler); return { dispose() {} }; },
  setProgrammingModel() {}, getProgrammingModel: () => ({}),
} };
const [entry, ...names] = process.argv.slice(1);
const request = (path) => ({ method: 'GET', url: 'https://func-helpdesk-test.azurewebsites.net' + path, headers: new Headers(), params: {}, query: new URLSearchParams() });
const context = { log() {}, error: (...args) => console.error(...args) };
(async () => {
  await import(entry);
  const answers = {};
  for (const name of names) {
    const res = await handlers.get(name)(request('/'), context);
    answers[name] = { status: res.status, body: String(res.body ?? '').slice(0, 15), paths: Object.keys(res.jsonBody?.paths ?? {}).length };
  }
  process.stdout.write(JSON.stringify(answers));
})().catch((err) => { console.error(err); process.exit(1); });
`;

let built: BundleResult;

beforeAll(async () => {
  built = await bundle({ root: ROOT, outDir: mkdtempSync(join(tmpdir(), 'helpdesk-bundle-')) });
});

test('the bundle loads in a fresh process and registers every function file with the worker', async () => {
  // As in Azure: the platform sets WEBSITE_SITE_NAME, and the app runs with Entra sign-in.
  const env = { PATH: process.env.PATH ?? '', WEBSITE_SITE_NAME: 'func-helpdesk-test', AUTH_MODE: 'entra' };
  const urls = built.bundleFiles.map((f) => pathToFileURL(join(built.appDir, f)).href);
  expect(built.bundleFiles[0]).toBe(BUNDLE_FILE);
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', LOADER, ...urls], { cwd: built.appDir, env });
  const files = readdirSync(join(ROOT, 'functions')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
  // Every file registers, except the development sign-in, which must never exist in Azure.
  expect((JSON.parse(stdout) as string[]).sort()).toEqual(files.filter((f) => f !== 'auth-dev-sign-in').sort());
});

test('a cold start loads at most 1.5 MB and none of the heavy SDKs: they are chunks loaded where a function needs them', () => {
  const heavy = ['@azure/cosmos', '@azure/service-bus', '@azure/storage-blob', '@azure/identity', '@azure/keyvault-secrets', '@azure/communication-email', 'rhea', 'nodemailer', 'mailparser', 'libmime', 'imapflow', 'html-to-text', 'tldts', 'zod', 'jose'];
  expect(built.startupPackages).toContain('@azure/functions'); // the list is read from the bundle, so an empty intersection means something
  expect(built.startupPackages.filter((p) => heavy.includes(p))).toEqual([]);
  expect(built.bundleFiles.length).toBeGreaterThan(1);
  expect(built.startupBytes).toBeLessThanOrEqual(1.5 * 1000 * 1000);
  expect(built.bundleBytes).toBeGreaterThan(built.startupBytes);
});

test('the composition root is a chunk of its own, and the SDKs only some functions use are chunks of theirs', () => {
  const composition = built.chunks.filter((c) => c.sources.includes('shared/composition.ts'));
  expect(composition).toEqual([expect.objectContaining({ atStart: false })]);
  // Loaded when first used: files (Blob storage), sending mail (nodemailer, ACS), mailboxes (imapflow), Key Vault.
  const onFirstUse = ['@azure/storage-blob', 'nodemailer', '@azure/communication-email', 'imapflow', '@azure/keyvault-secrets'];
  expect(composition[0]!.packages).toContain('@azure/cosmos'); // read from the chunk, so the empty intersection means something
  expect(composition[0]!.packages.filter((p) => onFirstUse.includes(p))).toEqual([]);
  for (const pkg of onFirstUse) expect({ pkg, chunks: built.chunks.filter((c) => c.packages.includes(pkg)).length }).toEqual({ pkg, chunks: 1 });
});

test('a cold start loads the registrations only: handlers, zod, the schemas and the application layer load on a function\'s first call', () => {
  const atStart = [...new Set(built.chunks.filter((c) => c.atStart).flatMap((c) => c.sources))];
  expect(atStart).toContain('functions/tickets-create.ts'); // read from the bundle, so the lists below mean something
  // Beside the function files (and esbuild's entry that imports them), only what registering needs.
  expect(atStart.filter((s) => !/^functions\/[^/]+\.ts$/.test(s)).sort()).toEqual([
    'functions-entry.ts',
    'shared/bus/topology.ts', // queue and topic names
    'shared/config.ts', // the settings read at registration (the development sign-in, the mailbox fetch schedule)
    'shared/domain/errors.ts',
    'shared/host/functions.ts',
    'shared/http/admin-route.ts',
    'shared/http/route-doc.ts', // the docs' text; schemas are named, not loaded
  ]);
  // Every function's handler is in a chunk loaded on first use, and so is zod, once for all of them.
  const handlers = built.chunks.filter((c) => c.sources.some((s) => s.startsWith('functions/handlers/')));
  expect(handlers.flatMap((c) => c.sources.filter((s) => s.startsWith('functions/handlers/'))).length).toBe(built.functionFiles.length);
  expect(handlers.filter((c) => c.atStart)).toEqual([]);
  expect(built.chunks.filter((c) => c.packages.includes('zod')).map((c) => c.atStart)).toEqual([false]);
});

test('a function\'s first call through the bundle loads its handler: the portal page from web/, the OpenAPI document with its schemas', async () => {
  const env = { PATH: process.env.PATH ?? '', WEBSITE_SITE_NAME: 'func-helpdesk-test', AUTH_MODE: 'entra' };
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', CALLER, pathToFileURL(join(built.appDir, BUNDLE_FILE)).href, 'web-portal', 'openapi-get'], { cwd: built.appDir, env });
  const answers = JSON.parse(stdout) as Record<string, { status: number; body: string; paths: number }>;
  expect(answers['web-portal']).toEqual({ status: 200, body: '<!doctype html>', paths: 0 });
  expect(answers['openapi-get']!.status).toBe(200);
  expect(answers['openapi-get']!.paths).toBeGreaterThan(15);
});
