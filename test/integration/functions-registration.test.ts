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
  const trigger = Object.values(m.bindings).find((b) => b.direction === 'in' && /Trigger$/.test(b.type));
  return { ...trigger, name: m.name, direction: undefined, retryOptions: m.retryOptions };
})));
`;

test('the real host registration path registers every function file', async () => {
  // As in Azure: the platform sets WEBSITE_SITE_NAME, and the app runs with Entra sign-in.
  const env = { PATH: process.env.PATH ?? '', WEBSITE_SITE_NAME: 'func-helpdesk-test', AUTH_MODE: 'entra' };
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-e', WORKER], { cwd: ROOT, env });
  expect(stderr).not.toMatch(/WARNING/);
  const registered = JSON.parse(stdout) as ({ name: string; type: string } & Record<string, unknown>)[];
  const files = readdirSync(join(ROOT, 'functions')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
  // Every file registers, except the development sign-in, which must never exist in Azure.
  expect(registered.map((r) => r.name).sort()).toEqual(files.filter((f) => f !== 'auth-dev-sign-in').sort());
  expect(registered).toContainEqual(expect.objectContaining({ name: 'tickets-create', type: 'httpTrigger', route: 'api/tickets', methods: ['POST'], authLevel: 'anonymous' }));
  expect(registered).toContainEqual(expect.objectContaining({ name: 'staff-ticket-update', type: 'httpTrigger', route: 'api/staff/tickets/{number}', methods: ['PATCH'] }));
  // The host names an empty route after its function (WebScriptHostHttpRoutesManager), so the
  // portal would live at /web-portal: the site root is a parameter that can only be empty.
  expect(registered).toContainEqual(expect.objectContaining({ name: 'web-portal', type: 'httpTrigger', route: '{ignored:maxlength(0)?}' }));
  expect(registered.filter((r) => r.type === 'httpTrigger' && !r['route']).map((r) => r.name)).toEqual([]);
  // Service Bus triggers use the identity-based connection the Bicep configures.
  expect(registered).toContainEqual(
    expect.objectContaining({ name: 'events-notify', type: 'serviceBusTrigger', connection: 'ServiceBusConnection', topicName: 'ticket-events', subscriptionName: 'notifications' }),
  );
  expect(registered).toContainEqual(expect.objectContaining({ name: 'sla-timer', type: 'serviceBusTrigger', connection: 'ServiceBusConnection', queueName: 'sla-timers' }));
  // Idle means idle: the SLA sweep is a rare safety net, and no outbox sweep exists any more.
  expect(registered).toContainEqual(expect.objectContaining({ name: 'sla-sweep', type: 'timerTrigger', schedule: '0 */15 * * * *' }));
  expect(registered.map((r) => r.name)).not.toContain('outbox-sweep');
  // Events leave through the tickets' change feed: identity-based connection, leases Bicep
  // declares, from the beginning, and a batch retried until it succeeds (never skipped).
  expect(registered).toContainEqual(
    expect.objectContaining({
      name: 'events-publish',
      type: 'cosmosDBTrigger',
      connection: 'CosmosConnection',
      databaseName: '%COSMOS_DATABASE%',
      containerName: 'tickets',
      leaseContainerName: 'leases',
      createLeaseContainerIfNotExists: false,
      startFromBeginning: true,
      feedPollDelay: 1000,
      retryOptions: expect.objectContaining({ strategy: 'exponentialBackoff', maxRetryCount: -1 }),
    }),
  );
  const pkg = require(join(ROOT, 'package.json')) as { main: string };
  expect(pkg.main).toBe('dist/functions/*.js');
});
