// The local stack as a user runs it: start, stop, start again, and the tickets are still there.
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { agentToken, client, startStack, tempDataDir } from '../support/stack';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const ticket = { name: 'Maria', email: 'maria@example.org', topicId: 'other', subject: 'Keep me', message: 'Across restarts' };
const withFile = (text: string) => ({ ...ticket, attachments: [{ filename: 'keep.txt', data: Buffer.from(text).toString('base64') }] });

/** The text of the first file on the customer's ticket, downloaded as the customer. */
async function firstFile(baseUrl: string, number: string, token: string): Promise<string> {
  const view = await client(baseUrl).get(`/tickets/${number}`, { token });
  const res = await fetch(`${new URL(baseUrl).origin}${view.body.thread[0].attachments[0].url}`, { headers: { authorization: `Bearer ${token}` } });
  return `${res.status} ${await res.text()}`;
}

test('acknowledged tickets and their files survive a graceful stop and even a killed process; so does the help-desk secret', async () => {
  const dataDir = tempDataDir();
  const secretFile = join(dataDir, 'helpdesk-secret');
  // HELPDESK_SECRET '' : the stack keeps its own secret in the data folder, as `npm start` does.
  const own = { HELPDESK_SECRET: '' };
  let stack = await startStack({ dataDir, env: own });
  const secret = readFileSync(secretFile, 'utf8');
  expect([secret, statSync(secretFile).mode & 0o777]).toEqual([expect.stringMatching(/^[\w-]{43}$/), 0o600]);
  expect(stack.output()).toContain(`Help-desk secret: created in ${secretFile}`);
  let api = client(stack.baseUrl);
  const first = (await api.post('/tickets', withFile('first file'))).body;
  const john = await agentToken('john@example.com');
  await api.post(`/staff/tickets/${first.number}/notes`, { message: 'remember this' }, { token: john });
  await stack.stop();

  stack = await startStack({ dataDir, env: own });
  expect([readFileSync(secretFile, 'utf8') === secret, stack.output().includes(`Help-desk secret: kept in ${secretFile}`), stack.output().includes(secret)]).toEqual([true, true, false]);
  api = client(stack.baseUrl);
  const view = await api.get(`/staff/tickets/${first.number}`, { token: john });
  expect(view.body.thread.map((e: { body: string }) => e.body)).toEqual(['Across restarts', 'remember this']);
  expect(stack.output()).toMatch(/Restored \d+ documents/);
  expect(await firstFile(stack.baseUrl, first.number, first.accessToken)).toBe('200 first file');
  const second = (await api.post('/tickets', withFile('second file'))).body;
  await stack.kill(); // no chance to flush anything

  stack = await startStack({ dataDir });
  api = client(stack.baseUrl);
  expect((await api.get(`/tickets/${second.number}`, { token: second.accessToken })).status).toBe(200);
  expect((await api.get(`/tickets/${first.number}`, { token: first.accessToken })).status).toBe(200);
  expect(await firstFile(stack.baseUrl, second.number, second.accessToken)).toBe('200 second file');
  await stack.stop();

  // --clean starts from a clean slate; the seeded directory is back.
  stack = await startStack({ dataDir, args: ['--clean'] });
  api = client(stack.baseUrl);
  expect((await api.get(`/tickets/${first.number}`, { token: first.accessToken })).status).toBe(404);
  expect((await api.get('/staff/me', { token: john })).body.name).toBe('John Smith');
  await stack.stop();
});

test('the local host logs each request like func start: method, route, status, milliseconds', async () => {
  const stack = await startStack();
  await client(stack.baseUrl).get('/topics');
  await client(stack.baseUrl).get('/tickets/123456');
  await stack.stop();
  expect(stack.output()).toMatch(/GET \/api\/topics 200 \d+\.\dms/);
  expect(stack.output()).toMatch(/GET \/api\/tickets\/123456 401 \d+\.\dms/);
});

test('npm run token prints a token for a seeded agent as its last line', async () => {
  const { stdout } = await run(process.execPath, ['dist/local/token.js', 'jane@example.com'], { cwd: ROOT });
  const last = stdout.trim().split('\n').at(-1)!;
  expect(last).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  const stack = await startStack();
  const me = await client(stack.baseUrl).get('/staff/me', { token: last });
  await stack.stop();
  expect(me.body.email).toBe('jane@example.com');
});

test('the commands explain themselves and refuse bad arguments', async () => {
  const help = async (script: string) => (await run(process.execPath, [script, '--help'], { cwd: ROOT })).stdout;
  expect(await help('dist/local/start.js')).toMatch(/^Usage: npm start/);
  expect(await help('dist/local/token.js')).toMatch(/^Usage: npm run token/);
  await expect(run(process.execPath, ['dist/local/token.js'], { cwd: ROOT })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/give exactly one agent e-mail/) });
  await expect(run(process.execPath, ['dist/local/start.js', '--port', 'seventy'], { cwd: ROOT })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--port must be a port number/) });
});
