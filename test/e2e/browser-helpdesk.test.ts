// The web help desk in a real browser (Debian's Chromium, driven by playwright-core): a customer
// opens a ticket through the portal, an agent finds it in the console, assigns, replies, resolves
// and closes it, and the customer sees the reply; files travel both ways and download intact.
// Everything typed is hostile markup that must stay text. Screenshots of the main pages go to
// test-results/screenshots/.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { emailedToken, eventually } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
const HOSTILE = `<script>window.__xss = 'script'</script><img src=x onerror="window.__xss = 'onerror'">`;

jest.setTimeout(120_000);

let stack: Stack;
let origin: string;
let context: BrowserContext;
let profileDir: string;
const problems: string[] = [];
beforeEach(() => {
  problems.length = 0;
});

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the CI set-up does this)`);
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack();
  origin = stack.baseUrl.replace(/\/api$/, '');
  profileDir = mkdtempSync(join(tmpdir(), 'helpdesk-chromium-'));
  // A persistent context is how playwright takes a user-data-dir: a fresh one, thrown away after.
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1200, height: 900 },
    timeout: 30_000,
  });
  context.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  // Any script error, CSP violation or dialog (alert from injected markup) is a failure.
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return page;
}

const xss = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: string }).__xss ?? null);

/** Clicks a file's button and returns what the browser saved: its suggested name and bytes. */
async function downloadVia(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

const chosenFiles = (input: Locator) => input.evaluate((i: HTMLInputElement) => i.files?.length ?? 0);

test('a customer opens a ticket, an agent works it to closed in the console, the customer sees the reply', async () => {
  const subject = `Mobile banking app crashes ${HOSTILE}`;
  const message = `The app closes right after I log in. ${HOSTILE}`;

  // The customer portal: the form with the help topics, then the success page.
  const customer = await newPage();
  const sent: string[] = [];
  customer.on('request', (r) => sent.push(`${r.url()} ${r.headers()['referer'] ?? ''}`));
  const page = await customer.goto(`${origin}/`);
  expect(page!.status()).toBe(200);
  expect(page!.headers()['content-security-policy']).toContain("script-src 'self'");
  await customer.locator('select[name=topicId] option', { hasText: 'Other' }).waitFor({ state: 'attached' });
  await customer.fill('input[name=name]', 'Maria <b>Customer</b>');
  await customer.fill('input[name=email]', 'maria@example.org');
  await customer.fill('input[name=phone]', '+1 555 0100');
  await customer.selectOption('select[name=topicId]', { label: 'Other' });
  await customer.fill('input[name=subject]', subject);
  await customer.fill('textarea[name=message]', message);
  await customer.screenshot({ path: join(SHOTS, 'portal-new-ticket.png'), fullPage: true });
  await customer.click('button[type=submit]');
  const number = (await customer.locator('#ticket-number').textContent())!;
  expect(number).toMatch(/^\d{6}$/);
  const link = (await customer.locator('#access-link').getAttribute('href'))!;
  expect(link).toMatch(new RegExp(`^${origin}/#ticket=${number}&token=\\S+$`));
  const accessToken = new URLSearchParams(link.split('#')[1]).get('token')!;
  await customer.screenshot({ path: join(SHOTS, 'portal-opened.png'), fullPage: true });

  // The admin lets Jane see Support, as in the seed scenario.
  const admin = await agentToken('admin@example.com');
  const api = client(stack.baseUrl);
  expect((await api.patch('/admin/agents/jane', { roleId: 'expanded', extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] }, { token: admin })).status).toBe(200);
  // SEV-A promises a first response within the hour, beside its resolution target.
  expect((await api.patch('/admin/sla-plans/sev-a', { firstResponseHours: 1 }, { token: admin })).status).toBe(200);

  // The agent console: sign in as Jane with one click (development mode), find the ticket in the open queue.
  const agent = await newPage();
  await agent.goto(`${origin}/staff`);
  await agent.click('#dev-agents button[data-email="jane@example.com"]');
  await expect(agent.locator('#agent-name').textContent()).resolves.toBe('Jane Doe');
  const row = agent.locator('#queue tbody tr', { hasText: number });
  await row.waitFor();
  expect(await row.locator('td').nth(1).textContent()).toBe(subject);
  await agent.screenshot({ path: join(SHOTS, 'console-queue.png'), fullPage: true });
  await row.locator('a').first().click();

  // The ticket page: the hostile subject is text, the thread shows the customer's message.
  await agent.locator('#subject').waitFor();
  expect(await agent.locator('#subject').textContent()).toContain(HOSTILE);
  // Nobody has shown yet that the address is the requester's: the agent is told.
  expect(await agent.locator('#address-unverified').textContent()).toBe('Address not verified');
  expect(await agent.locator('#thread .entry.message .body').textContent()).toBe(message);
  expect(await agent.locator('#app img, #app script').count()).toBe(0);

  // Emergency, SEV-A, System Administrators, Jane: one save.
  await agent.selectOption('select[name=priority]', 'emergency');
  await agent.selectOption('select[name=slaPlanId]', { label: 'SEV-A' });
  await agent.selectOption('select[name=departmentId]', { label: 'System Administrators' });
  await agent.selectOption('select[name=assigneeId]', { label: 'Jane Doe <jane@example.com>' });
  await agent.click('#controls button[type=submit]');
  await agent.locator('#notice', { hasText: 'Saved' }).waitFor();
  const meta = (await agent.locator('#ticket .meta').first().textContent())!;
  expect(meta).toContain('Emergency · System Administrators · Jane Doe · SLA SEV-A');
  // Both SEV-A targets, counted from the ticket's creation on the 24/7 schedule: not yet due.
  expect(await agent.locator('#target-first-response').textContent()).toMatch(/^due .+ · (1 h|59 min) left$/);
  expect(await agent.locator('#target-resolution').textContent()).toMatch(/^due .+ · (1 h|59 min) left$/);
  expect(await agent.locator('#thread .entry.event').allTextContents()).toEqual(
    expect.arrayContaining([expect.stringContaining('priority Normal → Emergency'), expect.stringContaining('assignee none → Jane Doe')]),
  );

  // A reply, an internal note, then a reply that resolves.
  await agent.fill('#reply textarea', 'We are looking into it. Which phone do you use?');
  await agent.click('#reply button[type=submit]');
  await agent.locator('#notice', { hasText: 'Reply sent' }).waitFor();
  expect(await agent.locator('#target-first-response').textContent()).toMatch(/^due .+ · Met$/);
  await agent.fill('#note textarea', `Probably the new login SDK. ${HOSTILE}`);
  await agent.click('#note button[type=submit]');
  await agent.locator('#notice', { hasText: 'Note added' }).waitFor();
  await agent.fill('#reply textarea', 'Fixed in version 5.2.1 of the app. Please update.');
  await agent.check('#reply input[name=resolve]');
  await agent.click('#reply button[type=submit]');
  await agent.locator('#notice', { hasText: 'Reply sent; ticket resolved' }).waitFor();
  expect(await agent.locator('#status').textContent()).toBe('resolved');
  expect(await agent.locator('#target-resolution').textContent()).toMatch(/^due .+ · Met$/);
  expect(await agent.locator('#thread .entry.note .body').textContent()).toBe(`Probably the new login SDK. ${HOSTILE}`);
  await agent.screenshot({ path: join(SHOTS, 'console-ticket.png'), fullPage: true });
  await agent.selectOption('select[name=status]', 'closed');
  await agent.click('#controls button[type=submit]');
  await agent.locator('#notice', { hasText: 'Saved' }).waitFor();
  expect(await agent.locator('#status').textContent()).toBe('closed');

  // With the link from the page where the ticket was opened (the 201 token), the customer sees
  // the status and their own message; the replies wait for the link e-mailed to the address.
  await customer.goto(link);
  await customer.locator('#replies-hidden').waitFor();
  expect(await customer.locator('#status').textContent()).toBe('closed');
  expect(await customer.locator('#replies-hidden').textContent()).toContain('2 answers from us are not shown here yet');
  expect(await customer.locator('#thread .entry .body').allTextContents()).toEqual([message]);
  await customer.screenshot({ path: join(SHOTS, 'portal-replies-hidden.png'), fullPage: true });

  // The customer follows the link from the auto-response e-mail: both replies, never the note.
  const emailedLink = `${origin}/#ticket=${number}&token=${await emailedToken(stack.mailOutbox, number)}`;
  await customer.goto('about:blank');
  await customer.goto(emailedLink);
  await customer.locator('#thread').waitFor();
  expect(await customer.locator('#replies-hidden').count()).toBe(0);
  expect(await customer.locator('#subject').textContent()).toBe(subject);
  expect(await customer.locator('#status').textContent()).toBe('closed');
  expect(await customer.locator('#thread .entry .body').allTextContents()).toEqual([
    message,
    'We are looking into it. Which phone do you use?',
    'Fixed in version 5.2.1 of the app. Please update.',
  ]);
  expect(await customer.locator('#thread .entry.response').count()).toBe(2);
  await customer.screenshot({ path: join(SHOTS, 'portal-ticket.png'), fullPage: true });

  // The customer answers; a closed ticket reopens.
  await customer.fill('#reply textarea', 'Thanks, it works now.');
  await customer.click('#reply button[type=submit]');
  await customer.locator('#reply .alert.ok').waitFor();
  expect(await customer.locator('#status').textContent()).toBe('open');

  // The access token never left the page except as the Authorization header.
  expect(sent.filter((s) => s.includes(accessToken))).toEqual([]);
  for (const p of [customer, agent]) expect(await xss(p)).toBeNull();
  expect(problems).toEqual([]);
});

test('the console marks an overdue ticket, and a wrong token is refused with the reason', async () => {
  const api = client(stack.baseUrl);
  const opened = await api.post('/tickets', { name: 'Olga', email: 'olga@example.org', topicId: 'other', subject: 'Printer on fire', message: 'Smoke.' });
  const number = opened.body.number as string;
  const admin = await agentToken('admin@example.com');
  // Due in a second; when it passes the ticket is overdue whether or not the SLA timer ran yet.
  expect((await api.patch(`/staff/tickets/${number}`, { dueAt: new Date(Date.now() + 1000).toISOString() }, { token: admin })).status).toBe(200);
  await new Promise((r) => setTimeout(r, 1500));

  const agent = await newPage();
  await agent.goto(`${origin}/staff`);
  // The first load must have settled (no token: the picker) before a token is planted, or its own
  // boot could read the planted token, be refused, and clear it before the reload.
  await agent.locator('#dev-agents button[data-email="admin@example.com"]').waitFor();
  // A token the API refuses (here: a broken one where the console keeps it) sends the agent back
  // to the sign-in page with the API's reason.
  await agent.evaluate(() => sessionStorage.setItem('helpdesk.agentToken', 'not-a-token'));
  await agent.reload();
  await expect(agent.locator('#sign-in [role=alert]').textContent()).resolves.toContain('not valid');
  await agent.click('#dev-agents button[data-email="admin@example.com"]');
  const row = agent.locator('#queue tbody tr', { hasText: number });
  await row.waitFor();
  expect(await row.locator('.badge.overdue').textContent()).toBe('Overdue');
  await agent.click('a[href="#queue=overdue"]');
  await agent.locator('#queue tbody tr', { hasText: number }).waitFor();
  await agent.screenshot({ path: join(SHOTS, 'console-overdue.png'), fullPage: true });
  // On the ticket, the resolution target reads as missed, by how much business time.
  await agent.locator('#queue tbody tr a', { hasText: number }).click();
  await expect(agent.locator('#target-resolution').textContent()).resolves.toMatch(/Missed .+ over$/);
  expect(await agent.locator('#target-first-response').textContent()).toBe('no target');
  await agent.setViewportSize({ width: 390, height: 844 });
  await agent.screenshot({ path: join(SHOTS, 'console-overdue-ticket-phone.png'), fullPage: true });
  await agent.setViewportSize({ width: 1200, height: 900 });
});

test('an agent answers and waits on the customer: the ticket is pending, its clocks paused, in the pending queue', async () => {
  const api = client(stack.baseUrl);
  const number = (await api.post('/tickets', { name: 'Pia', email: 'pia@example.org', topicId: 'other', subject: 'Which plan am I on?', message: 'Please check.' })).body.number as string;
  const agent = await newPage();
  await agent.goto(`${origin}/staff`);
  await agent.click('#dev-agents button[data-email="admin@example.com"]');
  await agent.locator('#queue').waitFor();
  await agent.goto(`${origin}/staff#ticket=${number}`);
  await agent.locator('#reply textarea').waitFor();
  await agent.fill('#reply textarea', 'Could you send us your customer number?');
  await agent.check('#reply input[name=pending]');
  await agent.click('#reply button[type=submit]');
  await agent.locator('#notice', { hasText: 'Reply sent; waiting on the customer' }).waitFor();
  expect(await agent.locator('#status').textContent()).toBe('pending');
  expect(await agent.locator('#sla-targets').textContent()).toContain('clocks paused since');
  await agent.screenshot({ path: join(SHOTS, 'console-pending.png'), fullPage: true });
  await agent.setViewportSize({ width: 390, height: 844 });
  await agent.screenshot({ path: join(SHOTS, 'console-pending-phone.png'), fullPage: true });
  await agent.setViewportSize({ width: 1200, height: 900 });
  await agent.click('text=← Queues');
  await agent.locator('nav.tabs').waitFor();
  await agent.click('a[href="#queue=pending"]');
  await agent.locator('#queue tbody tr', { hasText: number }).waitFor();
  await agent.click('a[href="#queue=open"]');
  await agent.locator('#queue').waitFor();
  expect(await agent.locator('#queue tbody tr', { hasText: number }).count()).toBe(0);
  expect(problems).toEqual([]);
  // The wrong-token attempt logs one failed request (401) in the console; nothing else may fail.
  expect(problems.filter((p) => !/401/.test(p))).toEqual([]);
});

test('files travel with a ticket: the customer attaches a statement, the agent downloads it and answers with one', async () => {
  // A PDF-looking file with random bytes after the header: only a byte-exact round trip matches.
  const statement = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(30_000)]);
  const steps = Buffer.from('1. Open Settings › Statements\n2. Choose March\n3. Tap "Download as PDF"\n');

  // The portal checks the limits before sending anything: six files are one too many, and an
  // 11 MB file too big.
  const customer = await newPage();
  const sent: string[] = [];
  customer.on('request', (r) => sent.push(r.url()));
  await customer.goto(`${origin}/`);
  await customer.locator('select[name=topicId] option', { hasText: 'Other' }).waitFor({ state: 'attached' });
  await customer.fill('input[name=name]', 'Maria Customer');
  await customer.fill('input[name=email]', 'maria@example.org');
  await customer.selectOption('select[name=topicId]', { label: 'Other' });
  await customer.fill('input[name=subject]', 'March statement is blank');
  await customer.fill('textarea[name=message]', 'The statement PDF opens as an empty page; here it is.');
  const files = customer.locator('#new-ticket input[type=file]');
  const six = Array.from({ length: 6 }, (_, i) => ({ name: `page-${i + 1}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`page ${i + 1}`) }));
  await files.setInputFiles(six);
  await expect(customer.locator('#new-ticket [role=alert]').textContent()).resolves.toBe('Attach at most 5 files at once (you chose 6).');
  await customer.click('#new-ticket button[type=submit]');
  await expect(customer.locator('#new-ticket [role=alert]').textContent()).resolves.toBe('Attach at most 5 files at once (you chose 6).');
  // 11 MB through the DevTools protocol: slow on a loaded machine, so a longer wait than the default.
  await files.setInputFiles([{ name: 'scan.png', mimeType: 'image/png', buffer: Buffer.alloc(11 * 1024 * 1024, 1) }], { timeout: 60_000 });
  await expect(customer.locator('#new-ticket [role=alert]').textContent()).resolves.toBe('scan.png is 11 MB; files may be at most 10 MB.');
  // The right file: the warning goes, and the ticket opens with it.
  await files.setInputFiles([{ name: 'statement-2026-03.pdf', mimeType: 'application/pdf', buffer: statement }]);
  await expect(customer.locator('#new-ticket [role=alert]').count()).resolves.toBe(0);
  await customer.click('#new-ticket button[type=submit]');
  const number = (await customer.locator('#ticket-number').textContent())!;
  const link = (await customer.locator('#access-link').getAttribute('href'))!;
  const accessToken = new URLSearchParams(link.split('#')[1]).get('token')!;

  // The agent opens the ticket in the console: the customer's message lists the file by name and size.
  const agent = await newPage();
  agent.on('request', (r) => sent.push(r.url()));
  await agent.goto(`${origin}/staff#ticket=${number}`);
  await agent.click('#dev-agents button[data-email="admin@example.com"]');
  const received = agent.locator('#thread .entry.message .files button.file');
  await received.waitFor();
  const token = (await agent.evaluate(() => sessionStorage.getItem('helpdesk.agentToken')))!;
  expect(token).toMatch(/^ey/);
  expect(await received.textContent()).toBe('statement-2026-03.pdf 29.3 KB');

  // Downloading it gives the browser the very bytes the customer chose, under the file's name.
  const got = await downloadVia(agent, received);
  expect(got.name).toBe('statement-2026-03.pdf');
  expect(got.bytes.equals(statement)).toBe(true);

  // The agent answers with instructions attached, and keeps a file for colleagues in a note.
  await agent.fill('#reply textarea', 'The file is empty on our side too. Please download it again like this:');
  await agent.locator('#reply input[type=file]').setInputFiles([{ name: 'steps.txt', mimeType: 'text/plain', buffer: steps }]);
  await agent.click('#reply button[type=submit]');
  await agent.locator('#notice', { hasText: 'Reply sent' }).waitFor();
  await agent.fill('#note textarea', 'Renderer log for the dev team.');
  await agent.locator('#note input[type=file]').setInputFiles([{ name: 'render-log.csv', mimeType: 'text/csv', buffer: Buffer.from('page,glyphs\n1,0\n') }]);
  await agent.click('#note button[type=submit]');
  await agent.locator('#notice', { hasText: 'Note added' }).waitFor();
  // The forms are empty again, and the thread shows each file under its entry.
  expect(await agent.locator('#reply textarea').inputValue()).toBe('');
  expect(await chosenFiles(agent.locator('#reply input[type=file]'))).toBe(0);
  expect(await chosenFiles(agent.locator('#note input[type=file]'))).toBe(0);
  expect(await agent.locator('#thread .entry.response .files button.file').textContent()).toBe(`steps.txt ${steps.length} bytes`);
  expect(await agent.locator('#thread .entry.note .files button.file').textContent()).toBe('render-log.csv 16 bytes');
  await agent.screenshot({ path: join(SHOTS, 'console-attachments.png'), fullPage: true });

  // The customer, following the link e-mailed for this ticket, sees the response's file, never
  // the note's, and downloads it intact.
  await customer.goto(`${origin}/#ticket=${number}&token=${await emailedToken(stack.mailOutbox, number)}`);
  await customer.locator('#thread').waitFor();
  expect(await customer.locator('#thread .files button.file').allTextContents()).toEqual(['statement-2026-03.pdf 29.3 KB', `steps.txt ${steps.length} bytes`]);
  const answer = await downloadVia(customer, customer.locator('#thread .entry.response .files button.file'));
  expect(answer).toEqual({ name: 'steps.txt', bytes: steps });

  // The customer replies with a photo; the form is empty afterwards and the thread has the photo.
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096)]);
  await customer.fill('#reply textarea', 'Done, it works now. This is what I see:');
  await customer.locator('#reply input[type=file]').setInputFiles([{ name: 'it-works.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await customer.click('#reply button[type=submit]');
  await customer.locator('#reply .alert.ok').waitFor();
  expect(await customer.locator('#reply textarea').inputValue()).toBe('');
  expect(await chosenFiles(customer.locator('#reply input[type=file]'))).toBe(0);
  expect(await customer.locator('#thread .entry.message .files button.file').last().textContent()).toBe('it-works.jpg 4.0 KB');
  await customer.screenshot({ path: join(SHOTS, 'portal-attachments.png'), fullPage: true });

  // Neither token ever went into a URL, and no script error or CSP violation happened on the way.
  expect(sent.filter((u) => u.includes(accessToken) || u.includes(token))).toEqual([]);
  // Two downloads, one per page (besides each page asking for the limits once).
  expect(sent.filter((u) => /\/attachments\/[0-9a-f-]{36}$/.test(u))).toHaveLength(2);
  expect(sent.filter((u) => u.endsWith('/attachments/limits'))).toHaveLength(2);
  expect(problems).toEqual([]);
});

test('an agent with stats.agents reads the SLA report: per plan and department, due, met, breached and medians (issue 23)', async () => {
  const api = client(stack.baseUrl);
  const admin = await agentToken('admin@example.com');
  const open = async (subject: string) => (await api.post('/tickets', { name: 'Rosa', email: 'rosa@example.org', topicId: 'other', subject, message: 'Please help.' })).body.number as string;
  // One resolution met, one breached (due in a second; the SLA timer marks it).
  const met = await open('Report: answered');
  expect((await api.post(`/staff/tickets/${met}/replies`, { message: 'Done.', status: 'resolved' }, { token: admin })).status).toBe(201);
  const late = await open('Report: late');
  expect((await api.patch(`/staff/tickets/${late}`, { dueAt: new Date(Date.now() + 1000).toISOString() }, { token: admin })).status).toBe(200);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const report = await eventually(
    async () => (await api.get(`/staff/sla-report?from=${day(-29)}&to=${day(0)}`, { token: admin })).body,
    (b) => b.rows?.some((r: { departmentId: string; resolution: { met: number; breached: number } }) => r.departmentId === 'support' && r.resolution.met > 0 && r.resolution.breached > 0),
    30_000,
  );
  expect(report.rows.length).toBeGreaterThan(0);
  type Row = { slaPlanId: string; departmentId: string; firstResponse: Target; resolution: Target };
  type Target = { due: number; met: number; breached: number };
  const supportRow = async () =>
    ((await api.get(`/staff/sla-report?from=${day(-29)}&to=${day(0)}`, { token: admin })).body.rows as Row[]).find((r) => r.slaPlanId === 'default' && r.departmentId === 'support')!;

  const agent = await newPage();
  await agent.goto(`${origin}/staff`);
  await agent.click('#dev-agents button[data-email="admin@example.com"]');
  await agent.locator('#queue').waitFor();
  const row = agent.locator('#sla-report-table tbody tr[data-plan="default"][data-department="support"]');
  // Other tickets of this file may still be counted while the page loads: the page is compared with
  // the API read right after it, and shown again until the two agree (the figures settle).
  const figures = (t: Target) => [t.due, t.met, t.breached];
  let cells: string[] = [];
  let support = await supportRow();
  for (let attempt = 0; attempt < 10; attempt++) {
    await agent.click('#tab-sla-report');
    await row.waitFor();
    cells = await row.locator('td').allTextContents();
    support = await supportRow();
    const shown = [...cells.slice(2, 5), ...cells.slice(6, 9)].map(Number);
    if (JSON.stringify(shown) === JSON.stringify([...figures(support.firstResponse), ...figures(support.resolution)])) break;
    await new Promise((r) => setTimeout(r, 500));
    await agent.goto(`${origin}/staff`);
    await agent.locator('#queue').waitFor();
  }
  // The row reads as the API answers: plan, department, then due / met / breached / median per target.
  expect(cells.slice(0, 2)).toEqual(['Default', 'Support']);
  expect(cells.slice(2, 5).map(Number)).toEqual([support.firstResponse.due, support.firstResponse.met, support.firstResponse.breached]);
  expect(cells.slice(6, 9).map(Number)).toEqual([support.resolution.due, support.resolution.met, support.resolution.breached]);
  expect(cells[9]).toMatch(/min|h|d/);
  expect(await row.locator('td.breached').count()).toBeGreaterThan(0);
  expect(await agent.locator('#sla-report-range input[name=from]').inputValue()).toBe(day(-29));
  await agent.screenshot({ path: join(SHOTS, 'console-sla-report.png'), fullPage: true });
  await agent.setViewportSize({ width: 390, height: 844 });
  await agent.screenshot({ path: join(SHOTS, 'console-sla-report-phone.png'), fullPage: true });
  await agent.setViewportSize({ width: 1200, height: 900 });

  // One department, through the form: only its rows; a range the API refuses says why.
  await agent.selectOption('#sla-report-range select[name=department]', 'sysadmin');
  await agent.click('#sla-report-range button[type=submit]');
  await agent.waitForFunction(() => location.hash.includes('department=sysadmin'));
  await agent.locator('#sla-report p.muted, #sla-report-table').first().waitFor();
  expect(await agent.locator('#sla-report-table tbody tr[data-department="support"]').count()).toBe(0);
  await agent.goto(`${origin}/staff#report=sla&from=${day(1)}&to=${day(0)}`);
  await expect(agent.locator('[role=alert]').textContent()).resolves.toContain('from must not be after to');

  // An agent without stats.agents has no such tab.
  const john = await newPage();
  await john.goto(`${origin}/staff`);
  await john.click('#dev-agents button[data-email="john@example.com"]');
  await john.locator('#queue').waitFor();
  expect(await john.locator('#tab-sla-report').count()).toBe(0);
  expect(problems.filter((p) => !/400/.test(p))).toEqual([]);
});
