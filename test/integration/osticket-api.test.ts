// The osTicket-compatible API over real HTTP against the local stack: admins issue and revoke
// keys, and osTicket's own kind of request opens a ticket, answered as osTicket answers.
import { request } from 'node:http';
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { waitForMail } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';
import { allTickets } from '../support/tickets';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let john: string;
let key: string;

const keys = `/${ADMIN_ROUTE}/api-keys`;

/**
 * As osTicket's sample script and the usual PHP/curl snippets post it, through node:http because
 * fetch refuses an Expect header: osTicket's User-Agent, no Content-Type unless given, and
 * `Expect: 100-continue`, which curl sends for larger bodies unless told `Expect:`.
 */
function osTicketPost(
  body: unknown,
  apiKey: string | null,
  extra: Record<string, string> = {},
  /** The loopback address to call from (the local host writes it into client-ip, as Azure's front end does). */
  from = '127.0.0.1',
  path = '/tickets.json',
): Promise<{ status: number; type: string; text: string; continued: boolean }> {
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string | number> = { Expect: '100-continue', 'User-Agent': 'osTicket API Client v1.7', 'Content-Length': payload.length, ...extra };
  if (apiKey !== null) headers['X-API-Key'] = apiKey;
  return new Promise((resolve, reject) => {
    const req = request(`${stack.baseUrl}${path}`, { method: 'POST', headers, localAddress: from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8'), continued }));
    });
    req.on('error', reject);
    // The body goes when the server answers 100 Continue, as curl's does; after a second without
    // one, it goes anyway (curl's own fallback), so a server that ignores Expect still gets it.
    // Whether the server did answer 100 Continue is recorded, for the test that says it does.
    let continued = false;
    const fallback = setTimeout(() => req.end(payload), 1000);
    req.on('continue', () => {
      continued = true;
      clearTimeout(fallback);
      req.end(payload);
    });
  });
}

async function ticketsWithSubject(subject: string): Promise<{ number: string }[]> {
  return (await allTickets(api, admin)).filter((t) => t.subject === subject);
}

const sample = (subject: string) => ({
  name: 'John Doe',
  email: 'mailbox@example.net',
  phone: '+1 555 0100 x12',
  subject,
  message: 'data:text/plain;charset=utf-8,The%20printer%20on%20floor%202%20is%20jammed.%0AIt%20blinks%20red.',
  ip: '203.0.113.7',
  topicId: 10,
  priority: 3,
  alert: true,
  autorespond: true,
  source: 'API',
  attachments: [],
});

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  [admin, john] = (await Promise.all(['admin@example.com', 'john@example.com'].map(agentToken))) as [string, string];
  const res = await api.post(keys, { name: 'Website form' }, { token: admin });
  expect(res.status).toBe(201);
  key = res.body.key;
});
afterAll(() => stack.stop());

describe('API keys', () => {
  test('created by an admin: the key is shown once, the list never shows it or its hash', async () => {
    const res = await api.post(keys, { name: 'Monitoring', allowedIps: ['198.51.100.4'] }, { token: admin });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^[0-9A-F]{64}$/);
    expect(res.body).toMatchObject({ name: 'Monitoring', allowedIps: ['198.51.100.4'], createdBy: 'admin' });
    expect(res.headers.get('location')).toBe(`/api/${ADMIN_ROUTE}/api-keys/${res.body.id}`);
    const list = await api.get(keys, { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.apiKeys.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(['Website form', 'Monitoring']));
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(res.body.key);
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/[0-9a-f]{64}/i);
  });

  test('only administrators: 401 without a token, 403 for an agent', async () => {
    expect.assertions(6);
    for (const [method, path, body] of [['POST', keys, { name: 'Sneaky' }], ['GET', keys, undefined], ['DELETE', `${keys}/whatever`, undefined]] as const) {
      expect((await api.call(method, path, { body })).status).toBe(401);
      expect((await api.call(method, path, { body, token: john })).status).toBe(403);
    }
  });

  test('a bad body is 400; an unknown key id 404', async () => {
    expect((await api.post(keys, { name: 'x', allowedIps: ['not an ip'] }, { token: admin })).status).toBe(400);
    expect((await api.post(keys, { name: 'x', scopes: ['tickets:delete'] }, { token: admin })).status).toBe(400);
    expect((await api.post(keys, { name: 'x', scopes: [] }, { token: admin })).status).toBe(400);
    expect((await api.call('DELETE', `${keys}/nope`, { token: admin })).status).toBe(404);
  });

  test('a key without allowed addresses is listed as any address, and its creator is warned; so is one given no scopes', async () => {
    const open = await api.post(keys, { name: 'Anywhere' }, { token: admin });
    const narrow = await api.post(keys, { name: 'Office mail', allowedIps: ['198.51.100.4'], scopes: ['mail:pipe'] }, { token: admin });
    expect([open.status, narrow.status]).toEqual([201, 201]);
    expect(open.body).toMatchObject({ allowedIps: [], anyAddress: true, scopes: ['tickets:create', 'mail:pipe'] });
    expect(open.body.warnings).toEqual([expect.stringMatching(/^This key has no allowed addresses: it works from any address/), expect.stringMatching(/^No scopes were given: this key may both open tickets/)]);
    expect(narrow.body).toMatchObject({ allowedIps: ['198.51.100.4'], anyAddress: false, scopes: ['mail:pipe'], warnings: [] });
    const listed = (await api.get(keys, { token: admin })).body.apiKeys as { id: string; anyAddress: boolean; scopes: string[] }[];
    expect([open.body.id, narrow.body.id].map((id) => listed.find((k) => k.id === id)).map((k) => [k?.anyAddress, k?.scopes])).toEqual([
      [true, ['tickets:create', 'mail:pipe']],
      [false, ['mail:pipe']],
    ]);
  });
});

describe('POST /api/tickets.json', () => {
  test("osTicket's sample request opens the ticket and answers 201 with its number as plain text", async () => {
    const res = await osTicketPost(sample('Printer jammed'), key);
    // curl sent `Expect: 100-continue` and waited: the host answered 100 before the body went.
    expect(res.continued).toBe(true);
    expect(res.status).toBe(201);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^\d{6}$/);
    const t = await api.get(`/staff/tickets/${res.text}`, { token: admin });
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({
      number: res.text,
      subject: 'Printer jammed',
      topicId: 'pc-issues',
      priority: 'high',
      source: 'api',
      customer: { name: 'John Doe', email: 'mailbox@example.net', phone: '+1 555 0100 x12' },
    });
    expect(t.body.thread[0]).toMatchObject({ type: 'message', body: 'The printer on floor 2 is jammed.\nIt blinks red.' });
  });

  test('with Content-Type: application/json, or a form type, the body is JSON all the same', async () => {
    const types = ['application/json', 'application/x-www-form-urlencoded'];
    const statuses: number[] = [];
    for (const type of types) statuses.push((await osTicketPost({ ...sample(`Typed ${type}`), topicId: 'other', priority: 'low' }, key, { 'Content-Type': type })).status);
    expect(statuses).toEqual([201, 201]);
  });

  test('an HTML message is stored as text without markup', async () => {
    const html = '<p>Hello <b>team</b>,</p><p>the VPN drops &amp; reconnects.<br>Thanks</p><script>alert(1)</script>';
    const res = await osTicketPost({ ...sample('HTML message'), message: `data:text/html,${encodeURIComponent(html)}` }, key);
    expect(res.status).toBe(201);
    const t = await api.get(`/staff/tickets/${res.text}`, { token: admin });
    expect(t.body.thread[0].body).toBe('Hello team,\n\nthe VPN drops & reconnects.\nThanks');
  });

  test("no key or a bad key: 401 with osTicket's wording, and nothing stored", async () => {
    const answers: [number, string, string][] = [];
    for (const k of [null, 'BADKEY', key.toLowerCase()]) {
      const res = await osTicketPost(sample('Unauthorised'), k);
      answers.push([res.status, res.type.split(';')[0]!, res.text]);
    }
    expect(answers).toEqual(Array(3).fill([401, 'text/plain', 'API key not authorized']));
    expect(await ticketsWithSubject('Unauthorised')).toEqual([]);
  });

  test('a key limited to other addresses is refused, however the caller writes the allowed one into X-Forwarded-For or client-ip', async () => {
    const limited = (await api.post(keys, { name: 'Office only', allowedIps: ['127.0.0.31'] }, { token: admin })).body.key as string;
    const spoofed = [
      await osTicketPost(sample('Wrong address'), limited),
      await osTicketPost(sample('Wrong address'), limited, { 'X-Forwarded-For': '127.0.0.31' }),
      await osTicketPost(sample('Wrong address'), limited, { 'X-Forwarded-For': '127.0.0.31:5123, 10.0.0.1' }),
      await osTicketPost(sample('Wrong address'), limited, { 'Client-IP': '127.0.0.31:5123' }),
      await osTicketPost(sample('Wrong address'), limited, {}, '127.0.0.32'),
    ];
    expect(spoofed.map((r) => `${r.status} ${r.text}`)).toEqual(spoofed.map(() => '401 API key not authorized'));
    expect(await ticketsWithSubject('Wrong address')).toEqual([]);
    // From the allowed address itself it works, whatever the caller writes in X-Forwarded-For.
    expect((await osTicketPost(sample('Right address'), limited, {}, '127.0.0.31')).status).toBe(201);
    expect((await osTicketPost(sample('Right address'), limited, { 'X-Forwarded-For': '203.0.113.9' }, '127.0.0.31')).status).toBe(201);
  });

  test('a tickets:create key cannot pipe mail, and a mail:pipe key cannot open tickets: 403 naming the scope, nothing stored', async () => {
    const create = (await api.post(keys, { name: 'Form only', scopes: ['tickets:create'] }, { token: admin })).body.key as string;
    const pipe = (await api.post(keys, { name: 'Mail only', scopes: ['mail:pipe'] }, { token: admin })).body.key as string;
    const mail = 'From: Pat <pat@example.net>\r\nTo: support@example.com\r\nSubject: Piped without the scope\r\nMessage-ID: <scope-1@example.net>\r\n\r\nHello.\r\n';
    const answers = [
      await osTicketPost(mail, create, { 'Content-Type': 'message/rfc822' }, '127.0.0.1', '/tickets.email'),
      await osTicketPost(sample('Opened without the scope'), pipe),
    ];
    expect(answers.map((r) => [r.status, r.type.split(';')[0], r.text])).toEqual([
      [403, 'text/plain', "API key not authorized for mail:pipe: this key's scopes are tickets:create"],
      [403, 'text/plain', "API key not authorized for tickets:create: this key's scopes are mail:pipe"],
    ]);
    expect([await ticketsWithSubject('Piped without the scope'), await ticketsWithSubject('Opened without the scope')]).toEqual([[], []]);
    // Each does what its scope allows.
    expect((await osTicketPost(sample('Opened with the scope'), create)).status).toBe(201);
    const piped = await osTicketPost(mail.replace('without', 'with').replace('scope-1', 'scope-2'), pipe, { 'Content-Type': 'message/rfc822' }, '127.0.0.1', '/tickets.email');
    expect([piped.status, piped.text]).toEqual([201, expect.stringMatching(/^\d{6}$/)]);
  });

  test('a revoked key stops working at once', async () => {
    const created = (await api.post(keys, { name: 'Short-lived' }, { token: admin })).body as { id: string; key: string };
    expect((await osTicketPost(sample('Before revoking'), created.key)).status).toBe(201);
    expect((await api.call('DELETE', `${keys}/${created.id}`, { token: admin })).status).toBe(204);
    expect((await api.get(keys, { token: admin })).body.apiKeys.map((k: { id: string }) => k.id)).not.toContain(created.id);
    const res = await osTicketPost(sample('After revoking'), created.key);
    expect(res.status).toBe(401);
    expect(await ticketsWithSubject('After revoking')).toEqual([]);
    // Both changes are in the audit trail, by the admin, without the key or its hash.
    const audit = await api.get(`/${ADMIN_ROUTE}/audit?kind=apiKey&id=${created.id}`, { token: admin });
    expect(audit.body.items.map((e: { action: string; actor: { id: string } }) => [e.action, e.actor.id])).toEqual([
      ['delete', 'admin'],
      ['create', 'admin'],
    ]);
    expect(audit.body.items[1].after).toMatchObject({ kind: 'apiKey', id: created.id, name: 'Short-lived' });
    expect(JSON.stringify(audit.body)).not.toMatch(new RegExp(`${created.key}|[0-9a-f]{64}`, 'i'));
  });

  test.each([
    ['no e-mail', { email: undefined }, 'email'],
    ['an unknown osTicket topic', { topicId: 99 }, 'topicId'],
    ['priority 7', { priority: 7 }, 'priority'],
    ['an image as the message', { message: 'data:image/png;base64,AAAA' }, 'message'],
    ['attachments that are not data URLs', { attachments: [{ 'file.txt': 'hi' }] }, 'attachment file.txt must be a data URL'],
    ['attachments in another shape', { attachments: ['file.txt'] }, 'attachments must be a list of {"<file name>": "data:'],
    ['a program as an attachment', { attachments: [{ 'setup.exe': 'data:application/x-msdownload;base64,TVqQAAMAAAAEAAAA' }] }, 'setup.exe: files of type application/x-msdownload are not accepted'],
  ])('a bad request (%s) is 400 in plain text, and nothing stored', async (what, change, mentions) => {
    const subject = `Bad request: ${what}`;
    const res = await osTicketPost({ ...sample(subject), ...change }, key);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.text).toContain(mentions);
    expect(await ticketsWithSubject(subject)).toEqual([]);
  });

  test('a body that is not JSON is 400', async () => {
    const res = await osTicketPost('name=John&email=x', key);
    expect(res.status).toBe(400);
  });

  test('autorespond: false sends no auto-response; the department alert still goes out', async () => {
    const quiet = await osTicketPost({ ...sample('Quiet ticket'), email: 'quiet@example.net', autorespond: false }, key);
    const loud = await osTicketPost({ ...sample('Loud ticket'), email: 'loud@example.net' }, key);
    expect([quiet.status, loud.status]).toEqual([201, 201]);
    const tagged = (n: string) => (m: { subject: string }) => m.subject.includes(`[#${n}]`);
    // The loud ticket's auto-response, published after the quiet one, shows the notifier has caught up.
    const mail = await waitForMail(
      stack.mailOutbox,
      (all) => all.some((m) => tagged(loud.text)(m) && m.to === 'loud@example.net') && all.filter(tagged(quiet.text)).length >= 2,
    );
    const quietMail = mail.filter(tagged(quiet.text));
    expect(quietMail.filter((m) => m.to === 'quiet@example.net')).toEqual([]);
    expect(quietMail.filter((m) => m.subject.includes('New ticket:')).map((m) => m.to).sort()).toEqual(['admin@example.com', 'john@example.com']);
  });
});
