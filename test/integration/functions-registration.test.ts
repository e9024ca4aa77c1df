// Inside the Functions host, every declared function registers with the host's core API, with the
// same name, route, methods and auth level the local host serves. The worker provides
// `@azure/functions-core` through a require hook; this test plays that worker in a child process.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

const WORKER = `
const Module = require('module');
const registered = [];
const core = {
  registerFunction(metadata, _handler) { registered.push(metadata); return { dispose() {} }; },
  setProgrammingModel() {},
  registerHook() { return { dispose() {} }; },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === '@azure/functions-core' ? core : load.call(this, request, ...rest); };
const dir = require('path').join(process.cwd(), 'dist', 'functions');
for (const f of require('fs').readdirSync(dir).filter((f) => f.endsWith('.js'))) require(require('path').join(dir, f));
console.log(JSON.stringify(registered.map((m) => {
  const trigger = Object.values(m.bindings).find((b) => b.type === 'httpTrigger');
  return { name: m.name, route: trigger.route, methods: trigger.methods, authLevel: trigger.authLevel };
})));
`;

test('the real host registration path registers every function file', async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-e', WORKER], { cwd: ROOT });
  expect(stderr).not.toMatch(/WARNING/);
  const registered = JSON.parse(stdout) as { name: string; route: string; methods: string[]; authLevel: string }[];
  const files = readdirSync(join(ROOT, 'functions')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
  expect(registered.map((r) => r.name).sort()).toEqual(files.sort());
  expect(registered).toContainEqual({ name: 'tickets-create', route: 'tickets', methods: ['POST'], authLevel: 'anonymous' });
  expect(registered).toContainEqual({ name: 'staff-ticket-update', route: 'staff/tickets/{number}', methods: ['PATCH'], authLevel: 'anonymous' });
  const pkg = require(join(ROOT, 'package.json')) as { main: string };
  expect(pkg.main).toBe('dist/functions/*.js');
});
