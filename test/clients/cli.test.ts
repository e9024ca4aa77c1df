// The agent command line, run as a user runs it (`node clients/cli/bin.js`, what `npx helpdesk`
// starts) against the local stack: the seed scenario from sign-in to closing, and its errors.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emailedToken, eventually } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

const BIN = join(__dirname, '..', '..', 'clients', 'cli', 'bin.js');

let stack: Stack;
let api: ReturnType<typeof client>;
let home: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function helpdesk(args: string[], extraEnv: Record<string, string> = {}, cwd?: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: join(home, '.config'), HELPDESK_API_URL: stack.baseUrl, ...extraEnv };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env, timeout: 30_000, ...(cwd ? { cwd } : {}) }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}

beforeAll(async () => {
  // The mailbox fetch every second, so `helpdesk mailboxes` has a fetch to show (issue 24).
  stack = await startStack({ env: { MAILBOX_FETCH_EVERY_SECONDS: '1' } });
  api = client(stack.baseUrl);
  home = mkdtempSync(join(tmpdir(), 'helpdesk-cli-'));
});
afterAll(() => stack.stop());

test('an agent works the mobile-banking ticket from sign-in to closed', async () => {
  const open = (topicId: string, subject: string, message: string) => api.post('/tickets', { name: 'Maria Customer', email: 'maria@example.org', topicId, subject, message });
  const tickets = [
    await open('password-reset', 'Cannot reset my password', 'The reset link has expired.'),
    await open('other', 'Mobile banking app crashes', 'The app closes right after I log in.'),
    await open('pc-issues', 'Laptop fan is loud', 'It sounds like a jet.'),
  ];
  const number = tickets[1]!.body.number as string;
  const admin = await agentToken('admin@example.com');
  expect((await api.patch('/admin/agents/jane', { roleId: 'expanded', extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] }, { token: admin })).status).toBe(200);

  // Sign-in with a development token; the profile is private to its owner.
  const login = await helpdesk(['login', '--dev', 'jane@example.com']);
  expect(login).toMatchObject({ code: 0, stderr: '' });
  expect(login.stdout).toContain('as Jane Doe <jane@example.com>');
  const profileFile = join(home, '.config', 'helpdesk', 'profile.json');
  expect(JSON.parse(readFileSync(profileFile, 'utf8'))).toEqual({ apiUrl: stack.baseUrl, auth: { method: 'dev', email: 'jane@example.com' } });
  expect(statSync(profileFile).mode & 0o777).toBe(0o600);

  // The queue as JSON for scripts, and as a table for people (no colour codes in a pipe).
  const queue = await helpdesk(['queue', 'open', '--json']);
  expect(queue.code).toBe(0);
  expect((JSON.parse(queue.stdout).items as { number: string }[]).map((t) => t.number).sort()).toEqual(tickets.map((t) => t.body.number).sort());
  const table = await helpdesk(['queue']);
  expect(table.stdout.split('\n')[0]).toMatch(/^NUMBER\s+SUBJECT\s+PRIORITY\s+STATUS\s+DEPARTMENT\s+ASSIGNEE\s+DUE/);
  expect(table.stdout).toMatch(new RegExp(`${number}\\s+Mobile banking app crashes\\s+normal\\s+open\\s+Support\\s+-`));
  expect(table.stdout).not.toContain('\x1b[');
  const search = await helpdesk(['queue', '--search', 'mobile', '--json']);
  expect(JSON.parse(search.stdout).items.map((t: { number: string }) => t.number)).toEqual([number]);

  // Paging: one per page prints how to get the next; --all follows every page.
  const paged = await helpdesk(['queue', '--limit', '1']);
  expect(paged.stdout.trim().split('\n')).toHaveLength(2);
  expect(paged.stderr).toMatch(/^more: helpdesk queue open --cursor \S+\n$/);
  const cursor = paged.stderr.trim().split(' ').pop()!;
  const second = await helpdesk(['queue', '--limit', '1', '--cursor', cursor, '--json']);
  expect(JSON.parse(second.stdout).items).toHaveLength(1);
  const all = await helpdesk(['queue', '--limit', '1', '--all', '--json']);
  expect(JSON.parse(all.stdout)).toMatchObject({ nextCursor: null, items: expect.any(Array) });
  expect(JSON.parse(all.stdout).items).toHaveLength(3);

  // Names, not ids: Emergency, SEV-A, System Administrators, Jane by e-mail, in one change.
  const assigned = await helpdesk(['assign', number, '--priority', 'Emergency', '--sla', 'SEV-A', '--department', 'System Administrators', '--agent', 'jane@example.com']);
  expect(assigned).toMatchObject({ code: 0, stderr: '' });
  expect(assigned.stdout).toMatch(new RegExp(`^#${number} open · emergency · System Administrators · Jane Doe · SLA SEV-A · due \\S+Z\\n$`));
  const mine = JSON.parse((await helpdesk(['queue', 'mine', '--json'])).stdout);
  expect(mine.items.map((t: { number: string }) => t.number)).toEqual([number]);

  // A reply that waits on the customer (pending: the SLA clocks stop), then back to open; a note
  // from a file, a reply from $EDITOR that resolves.
  expect((await helpdesk(['reply', number, 'We are looking into it. Which phone do you use?', '--wait'])).stdout).toMatch(/^Reply sent\. #\d+ pending/);
  const pending = JSON.parse((await helpdesk(['queue', 'pending', '--json'])).stdout);
  expect(pending.items.map((t: { number: string }) => t.number)).toEqual([number]);
  expect((await helpdesk(['reopen', number])).stdout).toMatch(new RegExp(`^#${number} open`));
  expect(await helpdesk(['reply', number, 'x', '--wait', '--resolve'])).toMatchObject({ code: 2, stderr: expect.stringContaining('choose either --resolve or --wait') });
  const noteFile = join(home, 'note.txt');
  writeFileSync(noteFile, 'Probably the new login SDK; checking logs.\n');
  expect((await helpdesk(['note', number, '--file', noteFile])).code).toBe(0);
  const editor = join(home, 'editor.js');
  writeFileSync(editor, `require('fs').writeFileSync(process.argv[2], 'Fixed in version 5.2.1 of the app.\\n# this line is dropped\\n');`);
  const resolved = await helpdesk(['reply', number, '--resolve'], { EDITOR: `"${process.execPath}" "${editor}"` });
  expect(resolved).toMatchObject({ code: 0, stderr: '' });
  expect(resolved.stdout).toMatch(/^Reply sent\. #\d+ resolved/);
  expect((await helpdesk(['close', number])).stdout).toMatch(new RegExp(`^#${number} closed`));

  // The whole thread, readable: each kind of entry labelled, events listed.
  const show = await helpdesk(['show', number]);
  expect(show.code).toBe(0);
  expect(show.stdout).toContain(`#${number}  Mobile banking app crashes`);
  expect(show.stdout).toMatch(/Status:\s+closed/);
  expect(show.stdout).toMatch(/── MESSAGE · Maria Customer/);
  expect(show.stdout).toMatch(/── RESPONSE · Jane Doe[^\n]*\n {3}We are looking into it/);
  expect(show.stdout).toMatch(/── NOTE \(internal\) · Jane Doe[^\n]*\n {3}Probably the new login SDK/);
  expect(show.stdout).toMatch(/── RESPONSE · Jane Doe[^\n]*\n {3}Fixed in version 5\.2\.1 of the app\.\n/);
  expect(show.stdout).not.toContain('this line is dropped');
  expect(show.stdout).toContain('priority Normal → Emergency');

  // The customer, through the link e-mailed to them, sees the replies, never the note.
  const view = (await api.get(`/tickets/${number}`, { token: await emailedToken(stack.mailOutbox, number) })).body;
  expect(view.thread.map((e: { type: string }) => e.type)).toEqual(['message', 'response', 'response']);

  const reopened = await helpdesk(['reopen', number]);
  expect(reopened.stdout).toMatch(new RegExp(`^#${number} open`));
  const me = await helpdesk(['whoami']);
  expect(me.stdout).toMatch(/^Jane Doe <jane@example.com> at http/);
});

test('an agent sends the customer two files, finds them in the thread and saves them again', async () => {
  const opened = await api.post('/tickets', { name: 'Maria Customer', email: 'maria@example.org', topicId: 'other', subject: 'Statement PDF is blank', message: 'The March statement opens as an empty page.' });
  const number = opened.body.number as string;
  const admin = await agentToken('admin@example.com');
  expect((await api.patch('/admin/agents/jane', { roleId: 'expanded', extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] }, { token: admin })).status).toBe(200);
  expect((await helpdesk(['login', '--dev', 'jane@example.com'])).code).toBe(0);

  // Two files from disk, one of them binary, so the round trip has to be byte for byte.
  const files = mkdtempSync(join(home, 'files-'));
  const log = Buffer.from('2026-03-01 10:00:00 render statement-03.pdf: 1 page, 0 glyphs drawn\n');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);
  writeFileSync(join(files, 'render.txt'), log);
  writeFileSync(join(files, 'blank-page.png'), png);
  const replied = await helpdesk(['reply', number, 'Our renderer drew nothing; the log and what we see are attached.', '--attach', join(files, 'render.txt'), '--attach', join(files, 'blank-page.png')]);
  expect(replied).toMatchObject({ code: 0, stderr: '' });
  expect(replied.stdout).toMatch(/^Reply sent\. #\d+ open/);

  // `show` lists the files under the response that carries them: name, size, id.
  const show = await helpdesk(['show', number]);
  expect(show.stdout).toMatch(/── RESPONSE · Jane Doe[^\n]*\n {3}Our renderer drew nothing[^\n]*\n {3}file: render\.txt \(\d+ bytes\) {2}id \S+\n {3}file: blank-page\.png \(2\.0 KB\) {2}id \S+\n/);
  expect(show.stdout).toContain(`Save a file with: helpdesk download ${number} <id>`);
  const listed = Object.fromEntries([...show.stdout.matchAll(/file: (\S+) \((.+?)\) {2}id (\S+)/g)].map((m) => [m[1]!, { size: m[2]!, id: m[3]! }]));
  expect(listed['render.txt']!.size).toBe(`${log.length} bytes`);

  // `download` saves under the file's own name in the current folder, byte for byte.
  const saveIn = mkdtempSync(join(home, 'downloads-'));
  const saved = await helpdesk(['download', number, listed['blank-page.png']!.id], {}, saveIn);
  expect(saved).toMatchObject({ code: 0, stderr: '', stdout: `Saved blank-page.png (2.0 KB) to ${join(saveIn, 'blank-page.png')}\n` });
  expect(readFileSync(join(saveIn, 'blank-page.png')).equals(png)).toBe(true);

  // A second download would overwrite it: refused, the file left as it is, unless --force.
  writeFileSync(join(saveIn, 'blank-page.png'), 'edited by hand');
  const again = await helpdesk(['download', number, listed['blank-page.png']!.id], {}, saveIn);
  expect(again).toMatchObject({ code: 1, stdout: '' });
  expect(again.stderr).toBe(`helpdesk: ${join(saveIn, 'blank-page.png')} already exists; nothing saved (use --force to overwrite it, or --output <path>)\n`);
  expect(readFileSync(join(saveIn, 'blank-page.png'), 'utf8')).toBe('edited by hand');
  expect((await helpdesk(['download', number, listed['blank-page.png']!.id, '--force'], {}, saveIn)).code).toBe(0);
  expect(readFileSync(join(saveIn, 'blank-page.png')).equals(png)).toBe(true);

  // --output names the file, or the folder to put it in.
  expect((await helpdesk(['download', number, listed['render.txt']!.id, '--output', join(saveIn, 'log-copy.txt')])).code).toBe(0);
  expect(readFileSync(join(saveIn, 'log-copy.txt')).equals(log)).toBe(true);
  const subfolder = mkdtempSync(join(saveIn, 'sub-'));
  expect((await helpdesk(['download', number, listed['render.txt']!.id, '-o', subfolder])).stdout).toBe(`Saved render.txt (${log.length} bytes) to ${join(subfolder, 'render.txt')}\n`);

  // The customer gets the same two files with the response.
  const view = (await api.get(`/tickets/${number}`, { token: await emailedToken(stack.mailOutbox, number) })).body;
  expect(view.thread[1].attachments.map((f: { filename: string; size: number }) => [f.filename, f.size])).toEqual([
    ['render.txt', log.length],
    ['blank-page.png', png.length],
  ]);

  // A file over 10 MB: the server refuses the whole note with 413 and its reason; nothing is added.
  const big = join(files, 'full-trace.txt');
  writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 'x'));
  const refused = await helpdesk(['note', number, 'The full trace.', '--attach', big]);
  expect(refused).toMatchObject({ code: 1, stdout: '' });
  expect(refused.stderr).toMatch(/^helpdesk: Attachments refused: full-trace\.txt: the file is 10\.0 MB; files may be at most 10 MB.*\[HTTP 413 too_large\]\n$/);
  const after = JSON.parse((await helpdesk(['show', number, '--json'])).stdout);
  expect(after.thread.filter((e: { type: string }) => e.type === 'note')).toEqual([]);

  // A file that is not there is caught before anything is sent.
  const missing = await helpdesk(['reply', number, 'See attached.', '--attach', join(files, 'nope.pdf')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^helpdesk: cannot attach .*nope\.pdf: ENOENT/);
});

test('errors are one clear line with a non-zero exit code', async () => {
  expect((await helpdesk(['login', '--dev', 'john@example.com'])).code).toBe(0);

  const missing = await helpdesk(['show', '999999']);
  expect(missing.code).toBe(1);
  expect(missing.stdout).toBe('');
  expect(missing.stderr).toMatch(/^helpdesk: .*999999.*\[HTTP 404 not_found\]\n$/);

  const badName = await helpdesk(['assign', '123456', '--department', 'Accounting']);
  expect(badName).toMatchObject({ code: 2, stderr: "helpdesk: no department 'Accounting'; choose one of: Support, System Administrators\n" });

  const nothing = await helpdesk(['assign', '123456']);
  expect(nothing.code).toBe(2);
  expect(nothing.stderr).toBe('helpdesk: say what to change: --agent, --department, --priority, --sla or --due\n');

  const notNumber = await helpdesk(['show', 'abc']);
  expect(notNumber).toMatchObject({ code: 2, stderr: "helpdesk: 'abc' is not a ticket number (6 to 9 digits)\n" });

  const badQueue = await helpdesk(['queue', 'later']);
  expect(badQueue.code).toBe(2);
  expect(badQueue.stderr).toContain("no queue 'later'");

  const emptyNote = await helpdesk(['note', '123456']);
  expect(emptyNote.code).toBe(2);
  expect(emptyNote.stderr).toBe('helpdesk: the note is empty; nothing sent\n');

  const badToken = await helpdesk(['queue'], { HELPDESK_TOKEN: 'not-a-token' });
  expect(badToken.code).toBe(1);
  expect(badToken.stderr.trim().split('\n')).toHaveLength(1);
  expect(badToken.stderr).toContain('[HTTP 401 unauthenticated]');

  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const down = await helpdesk(['queue'], { HELPDESK_API_URL: `http://127.0.0.1:${closedPort}/api` });
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(new RegExp(`^helpdesk: cannot reach the help desk at http://127\\.0\\.0\\.1:${closedPort}/api \\(ECONNREFUSED\\)`));

  expect((await helpdesk(['logout'])).stdout).toBe('Signed out.\n');
  const signedOut = await helpdesk(['queue']);
  expect(signedOut.code).toBe(1);
  expect(signedOut.stderr).toMatch(/^helpdesk: not signed in: run helpdesk login --dev/);
});

test('sla-report prints the SLA figures per plan and department to agents with stats.agents', async () => {
  const admin = await agentToken('admin@example.com');
  const opened = await api.post('/tickets', { name: 'Paula Customer', email: 'paula@example.org', topicId: 'pc-issues', subject: 'Printer jams', message: 'Every page.' });
  expect((await api.post(`/staff/tickets/${opened.body.number}/replies`, { message: 'Fixed the roller.', status: 'resolved' }, { token: admin })).status).toBe(201);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const range = ['--from', day(-1), '--to', day(1)];
  // The figures arrive through the events; wait until the API has them, then ask the CLI.
  const report = await eventually(
    async () => (await api.get(`/staff/sla-report?from=${day(-1)}&to=${day(1)}`, { token: admin })).body,
    (b) => b.rows?.some((r: { departmentId: string; resolution: { met: number } }) => r.departmentId === 'support' && r.resolution.met > 0),
    30_000,
  );
  expect(report.rows.length).toBeGreaterThan(0);
  expect((await helpdesk(['login', '--dev', 'admin@example.com'])).code).toBe(0);
  // The --json output against the API read right after it: the figures may still be settling
  // (other tickets of this file, the time of the response counted apart), so until the two agree.
  const pair = await eventually(
    async () => {
      const json = JSON.parse((await helpdesk(['sla-report', ...range, '--department', 'Support', '--json'])).stdout);
      const api_ = (await api.get(`/staff/sla-report?from=${day(-1)}&to=${day(1)}`, { token: admin })).body;
      return { json, expected: { ...api_, department: 'support', rows: api_.rows.filter((r: { departmentId: string }) => r.departmentId === 'support') } };
    },
    (p) => JSON.stringify(p.json) === JSON.stringify(p.expected),
    30_000,
  );
  expect(pair.json).toEqual(pair.expected);
  // The table, once the figures have settled: plan, department, then due / met / breached / median per target.
  const run = await helpdesk(['sla-report', ...range]);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain(`SLA figures from ${day(-1)} to ${day(1)} (UTC days):`);
  expect(run.stdout).toMatch(/PLAN\s+DEPARTMENT\s+FIRST RESPONSE\s+MET\s+BREACHED\s+MEDIAN\s+RESOLUTION\s+MET\s+BREACHED\s+MEDIAN/);
  const support = pair.expected.rows[0];
  expect(run.stdout).toMatch(new RegExp(`${support.slaPlanName}\\s+Support\\s+${support.firstResponse.due} due\\s+${support.firstResponse.met}\\s+${support.firstResponse.breached}\\s+\\S.*\\s+${support.resolution.due} due\\s+${support.resolution.met}\\s+${support.resolution.breached}\\s+`));
  expect(await helpdesk(['sla-report', '--from', 'last week'])).toMatchObject({ code: 2, stderr: expect.stringContaining("--from must be a date such as 2026-12-01 (YYYY-MM-DD), not 'last week'") });
  const tooLong = await helpdesk(['sla-report', '--from', '2024-01-01', '--to', '2025-06-01']);
  expect(tooLong.code).not.toBe(0);
  expect(tooLong.stderr).toContain('ask for at most 366');
  expect((await helpdesk(['login', '--dev', 'john@example.com'])).code).toBe(0);
  const refused = await helpdesk(['sla-report']);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('lacks the stats.agents permission');
});

test('mailboxes lists the help desk\'s mailboxes with their last fetch, counts and last error', async () => {
  const admin = await agentToken('admin@example.com');
  // One that cannot be fetched: its secret was never set.
  const broken = await api.post('/admin/mailboxes', { name: 'No secret', address: 'nosecret@example.com', topicId: 'other', fetch: { method: 'imap', host: '127.0.0.1', port: 1, tls: false, username: 'x', secretRef: 'never-set' } }, { token: admin });
  expect(broken.status).toBe(201);
  const { mailboxes } = await eventually(
    async () => (await api.get('/admin/mailboxes', { token: admin })).body,
    (b) => b.mailboxes.every((m: { status: { lastFetchAt: string | null } | null }) => m.status?.lastFetchAt),
    20_000,
  );
  expect((await helpdesk(['login', '--dev', 'admin@example.com'])).code).toBe(0);
  const run = await helpdesk(['mailboxes']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(/MAILBOX\s+ADDRESS\s+FETCH\s+SENDS\s+ACTIVE\s+LAST FETCH\s+TAKEN\s+FAILED\s+RETRYING\s+LAST ERROR/);
  expect(run.stdout).toMatch(/no-secret\s+nosecret@example\.com\s+imap x@127\.0\.0\.1:1\s+help desk sender, Reply-To\s+yes\s+\S+\s+0\s+0\s+0\s+\S+ No secret 'never-set'/);
  if (mailboxes.some((m: { id: string }) => m.id === 'local-support')) expect(run.stdout).toMatch(/local-support\s+support@localhost\s+imap support@127\.0\.0\.1:\d+\s+help desk sender, Reply-To\s+yes\s+\S+\s+0\s+0\s+0\s+-/);
  const json = JSON.parse((await helpdesk(['mailboxes', '--json'])).stdout) as { mailboxes: { id: string; fetch: object; status: object }[] };
  expect(json.mailboxes.map((m) => m.id)).toEqual(mailboxes.map((m: { id: string }) => m.id));
  // The secret's name only, never a secret.
  expect(json.mailboxes.find((m) => m.id === 'no-secret')).toMatchObject({ fetch: { secretRef: 'never-set' }, status: { taken: 0, lastError: { message: expect.stringContaining('never-set') } } });
  expect(Object.keys(json.mailboxes[0]!.fetch)).not.toContain('password');
  expect((await helpdesk(['login', '--dev', 'john@example.com'])).code).toBe(0);
  const refused = await helpdesk(['mailboxes']);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/admin/i);
  expect((await api.call('DELETE', '/admin/mailboxes/no-secret', { token: admin })).status).toBe(204);
});

test('--help works on every command', async () => {
  const top = await helpdesk(['--help']);
  expect(top.code).toBe(0);
  const commands = ['login', 'logout', 'whoami', 'token', 'queue', 'sla-report', 'mailboxes', 'show', 'assign', 'reply', 'note', 'download', 'close', 'reopen'];
  expect(commands.filter((c) => !new RegExp(`^  ${c}\\b`, 'm').test(top.stdout))).toEqual([]); // none missing from the list
  const helps: { c: string; code: number; usage: boolean }[] = [];
  for (const c of commands) {
    const help = await helpdesk([c, '--help']);
    helps.push({ c, code: help.code, usage: help.stdout.startsWith(`Usage: helpdesk ${c}`) });
  }
  expect(helps).toEqual(commands.map((c) => ({ c, code: 0, usage: true })));
  expect((await helpdesk(['assign', '--help'])).stdout).toContain('--sla <plan>');
  expect((await helpdesk(['reply', '--help'])).stdout).toContain('--attach <file...>');
  expect((await helpdesk(['note', '--help'])).stdout).toContain('--attach <file...>');
  expect((await helpdesk(['download', '--help'])).stdout).toMatch(/--output <path>[\s\S]*--force/);
  expect((await helpdesk(['mailboxes', '--help'])).stdout).toMatch(/--json[\s\S]*helpdesk-processed[\s\S]*helpdesk-failed/);
  expect((await helpdesk(['sla-report', '--help'])).stdout).toMatch(/--from <date>[\s\S]*--to <date>[\s\S]*--department <name>[\s\S]*at most 366 days/);
});
