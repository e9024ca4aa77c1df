// The function app as two processes on the same stores (`--functions http` and `--functions
// triggers`), as Flex Consumption runs the HTTP functions and every other function on instances
// apart: the HTTP process answers requests and runs no trigger; the other serves no request and
// sends the mail the tickets cause, with links to the API address it was given.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { client, startStack, type Stack } from '../support/stack';
import { waitForLog, waitForMail } from '../support/mail';

const ROOT = join(__dirname, '..', '..');

test('the HTTP functions in one process, the triggers and timers in another: a ticket opened through the first is mailed by the second', async () => {
  const stack: Stack = await startStack({ args: ['--functions', 'http'] });
  const out = stack.output();
  expect(out).toContain('tickets-create: [POST]');
  expect(out).not.toMatch(/\[serviceBusTrigger\]|\[timerTrigger\]|\[cosmosDBTrigger\]/);
  const api = client(stack.baseUrl);
  const opened = await api.post('/tickets', { name: 'Sam', email: 'sam@example.org', topicId: 'other', subject: 'Split hosts', message: 'Which one mails me?' });
  expect(opened.status).toBe(201);

  const cosmos = /Cosmos DB:\s+(\S+)/.exec(out)![1]!;
  const blob = /Blob Storage: (\S+)/.exec(out)![1]!;
  // Another address than the HTTP process's own, so the links show which process wrote the mail.
  const origin = 'http://triggers.example.test';
  const args = ['dist/local/start.js', '--host-only', '--functions', 'triggers', '--cosmos-endpoint', cosmos, '--servicebus-connection', stack.serviceBus, '--blob-endpoint', blob, '--mail-outbox', stack.mailOutbox];
  const triggers = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HELPDESK_SECRET: stack.helpdeskSecret!, PUBLIC_BASE_URL: origin } });
  let log = '';
  triggers.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  triggers.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((r) => triggers.once('exit', () => r()));
  try {
    await waitForLog(() => log, /Ready\./, 1, 30_000);
    expect(log).toMatch(/events-notify: \[serviceBusTrigger\]/);
    expect(log).not.toMatch(/Help desk API:|\[POST\]/);
    const mail = await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.subject.startsWith(`[#${opened.body.number}] We received your request`)), 20_000);
    const reply = mail.find((m) => m.subject.startsWith(`[#${opened.body.number}]`))!;
    expect(reply.text).toContain(`${origin}/#ticket=${opened.body.number}&token=`);
  } finally {
    triggers.kill('SIGTERM');
    await exited;
    await stack.stop();
  }
});
