// The bad-input catalog, table-driven over every public route: each case asserts the status, the
// error code, and that nothing was stored. Content that is odd but legitimate (HTML, scripts) is
// stored as text and escaped wherever HTML is produced; header injection never reaches a header.
import { SignJWT } from 'jose';
import { issueDevToken } from '../../shared/auth/jwt';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../shared/domain/attachments';
import { MAX_JSON_BYTES, uploadBodyLimit } from '../../shared/http/requests';
import { readOutbox, waitForMail } from '../support/mail';
import { agentToken, startStack, type Stack } from '../support/stack';
import { customerBody, request, type Answer } from './support';

let stack: Stack;
let admin: string;
let john: string;
let jane: string;
let ticket: { number: string; accessToken: string };
let other: { number: string; accessToken: string };

beforeAll(async () => {
  stack = await startStack();
  [admin, john, jane] = await Promise.all(['admin@example.com', 'john@example.com', 'jane@example.com'].map(agentToken)) as [string, string, string];
  ticket = (await request(stack.baseUrl, 'POST', '/tickets', { json: customerBody('target') })).body;
  other = (await request(stack.baseUrl, 'POST', '/tickets', { json: customerBody('other') })).body;
}, 60_000);
afterAll(() => stack.stop());

const call = (method: string, path: string, init: Parameters<typeof request>[3] = {}): Promise<Answer> => request(stack.baseUrl, method, path, init);

/** Everything a refused request could have changed: the target ticket, the ticket count, the directory. */
async function snapshot(): Promise<string> {
  const [t, open, closed, departments, johnRecord] = await Promise.all([
    call('GET', `/staff/tickets/${ticket.number}`, { token: admin }),
    call('GET', '/staff/tickets?queue=open&limit=100', { token: admin }),
    call('GET', '/staff/tickets?queue=closed&limit=100', { token: admin }),
    call('GET', '/admin/departments', { token: admin }),
    call('GET', '/admin/agents/john', { token: admin }),
  ]);
  return JSON.stringify([t.headers.get('etag'), open.body.items.length, closed.body.items.length, departments.body, johnRecord.body]);
}

interface BodyRoute {
  name: string;
  method: string;
  path: () => string;
  token: () => string | undefined;
  valid: Record<string, unknown>;
  /** The field that takes free text (or the one field, for PATCHes without text). */
  field: string;
  /** The body may carry files, so it may be as large as the attachment limits allow. */
  files?: boolean;
}

const ROUTES: BodyRoute[] = [
  { name: 'POST /tickets', method: 'POST', path: () => '/tickets', token: () => undefined, valid: customerBody('valid'), field: 'subject', files: true },
  { name: 'POST /tickets/{n}/messages', method: 'POST', path: () => `/tickets/${ticket.number}/messages`, token: () => ticket.accessToken, valid: { message: 'More detail' }, field: 'message', files: true },
  { name: 'PATCH /staff/tickets/{n}', method: 'PATCH', path: () => `/staff/tickets/${ticket.number}`, token: () => john, valid: { priority: 'high' }, field: 'priority' },
  { name: 'POST /staff/tickets/{n}/replies', method: 'POST', path: () => `/staff/tickets/${ticket.number}/replies`, token: () => john, valid: { message: 'On it' }, field: 'message', files: true },
  { name: 'POST /staff/tickets/{n}/notes', method: 'POST', path: () => `/staff/tickets/${ticket.number}/notes`, token: () => john, valid: { message: 'Looked at it' }, field: 'message', files: true },
  { name: 'POST /admin/departments', method: 'POST', path: () => '/admin/departments', token: () => admin, valid: { name: 'Catalog Dept', slaPlanId: 'default' }, field: 'name' },
  { name: 'PATCH /admin/agents/{id}', method: 'PATCH', path: () => '/admin/agents/john', token: () => admin, valid: { name: 'John Smith' }, field: 'name' },
];

type Init = NonNullable<Parameters<typeof request>[3]>;
const json = (raw: string | Buffer): Init => ({ raw, headers: { 'content-type': 'application/json' } });

/** [case, request init for a route, status, error code]. */
const BODY_CASES: [string, (r: BodyRoute) => Init, number, string][] = [
  ['malformed JSON', () => json('{"message": "unterminated'), 400, 'validation_failed'],
  ['a JSON array', (r) => ({ json: [r.valid] }), 400, 'validation_failed'],
  ['an empty object (missing fields)', () => ({ json: {} }), 400, 'validation_failed'],
  ['an unknown field', (r) => ({ json: { ...r.valid, colour: 'red' } }), 400, 'validation_failed'],
  ['a wrong type', (r) => ({ json: { ...r.valid, [r.field]: 42 } }), 400, 'validation_failed'],
  ['a huge field (150,000 characters)', (r) => ({ json: { ...r.valid, [r.field]: 'x'.repeat(150_000) } }), 400, 'validation_failed'],
  // Beyond the route's limit: 512 KB, or with files the limits' worth of base64 (about 67 MB).
  ['a body over the limit', (r) => ({ json: { ...r.valid, padding: 'x'.repeat(r.files ? uploadBodyLimit(DEFAULT_ATTACHMENT_LIMITS) : MAX_JSON_BYTES) } }), 413, 'too_large'],
  ['a __proto__ key', (r) => json(`{"__proto__": {"isAdmin": true}, ${JSON.stringify(r.valid).slice(1)}`), 400, 'validation_failed'],
  ['a constructor key', (r) => json(`{"constructor": {"prototype": {"isAdmin": true}}, ${JSON.stringify(r.valid).slice(1)}`), 400, 'validation_failed'],
  ['a form post instead of JSON', () => ({ raw: 'message=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type'],
  ['no Content-Type', (r) => ({ raw: JSON.stringify(r.valid) }), 415, 'unsupported_media_type'],
];

describe.each(ROUTES)('$name refuses bad bodies and stores nothing', (route) => {
  test.each(BODY_CASES)('%s', async (_label, init, status, code) => {
    const before = await snapshot();
    const token = route.token();
    const res = await call(route.method, route.path(), { ...init(route), ...(token ? { token } : {}) });
    expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    expect(res.body.error.message).toEqual(expect.any(String));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await snapshot()).toBe(before);
  });
});

// Control characters and invalid UTF-8 in free text. Text fields may hold tabs and new lines,
// but a NUL or an unpaired escape byte has no business in a ticket and must be refused whole.
const TEXT_ROUTES = ROUTES.filter((r) => r.field !== 'priority');
const TEXT_CASES: [string, (r: BodyRoute) => Init][] = [
  ['a NUL and other control characters', (r) => ({ json: { ...r.valid, [r.field]: 'abc\u0000\u0007\u001bdef' } })],
  ['invalid UTF-8 bytes', (r) => json(Buffer.concat([Buffer.from(`{${JSON.stringify(r.valid).slice(1, -1)}, "${r.field}": "abc`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('def"}')]))],
];
/** What the API accepts today although it should not: none left (add `route|case` here to mark one). */
const KNOWN_GAPS = new Set<string>([]);

for (const route of TEXT_ROUTES) {
  describe(`${route.name} refuses control characters and invalid UTF-8`, () => {
    for (const [label, init] of TEXT_CASES) {
      const known = KNOWN_GAPS.has(`${route.name}|${label}`);
      (known ? test.failing : test)(`${label}${known ? ' (known gap: accepted today)' : ''}`, async () => {
        const before = await snapshot();
        const token = route.token();
        const res = await call(route.method, route.path(), { ...init(route), ...(token ? { token } : {}) });
        expect([res.status, res.body?.error?.code]).toEqual([400, 'validation_failed']);
        expect(await snapshot()).toBe(before);
      });
    }
  });
}

// ------------------------------------------------------------------ identity and access

const forged = () =>
  new SignJWT({ email: 'admin@example.com' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('helpdesk-local').setAudience('helpdesk-api').setExpirationTime('1h').sign(new TextEncoder().encode('an-attacker-guessing-the-secret-wrongly'));
const expired = () => issueDevToken(LOCAL_DEFAULTS.DEV_TOKEN_SECRET, 'admin@example.com', -60);

const STAFF_ROUTES: [string, string, () => string, unknown?][] = [
  ['GET', 'staff/me', () => '/staff/me'],
  ['GET', 'staff/directory', () => '/staff/directory'],
  ['GET', 'staff/tickets', () => '/staff/tickets?queue=open'],
  ['GET', 'staff/tickets/{n}', () => `/staff/tickets/${ticket.number}`],
  ['PATCH', 'staff/tickets/{n}', () => `/staff/tickets/${ticket.number}`, { priority: 'high' }],
  ['POST', 'staff/tickets/{n}/replies', () => `/staff/tickets/${ticket.number}/replies`, { message: 'x' }],
  ['POST', 'staff/tickets/{n}/notes', () => `/staff/tickets/${ticket.number}/notes`, { message: 'x' }],
  ['GET', 'admin/agents', () => '/admin/agents'],
  ['PATCH', 'admin/agents/{id}', () => '/admin/agents/john', { name: 'Mallory' }],
  ['POST', 'admin/departments', () => '/admin/departments', { name: 'Mallory Dept', slaPlanId: 'default' }],
  ['GET', 'admin/audit', () => '/admin/audit'],
];

describe.each(STAFF_ROUTES)('%s /api/%s refuses a missing, forged or expired token', (method, _route, path, body) => {
  test.each([
    ['no token', async () => undefined],
    ['garbage', async () => 'not-a-jwt'],
    ['a forged token', forged],
    ['an expired token', expired],
  ] as [string, () => Promise<string | undefined>][])('%s: 401', async (_label, make) => {
    const before = await snapshot();
    const token = await make();
    const res = await call(method, path(), { ...(body !== undefined ? { json: body } : {}), ...(token ? { token } : {}) });
    expect([res.status, res.body?.error?.code]).toEqual([401, 'unauthenticated']);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await snapshot()).toBe(before);
  });
});

describe('access to other people\'s tickets and other departments', () => {
  test.each([
    ['GET another customer\'s ticket with my token', () => call('GET', `/tickets/${other.number}`, { token: ticket.accessToken }), 404, 'not_found'],
    ['reply to another customer\'s ticket', () => call('POST', `/tickets/${other.number}/messages`, { token: ticket.accessToken, json: { message: 'hi' } }), 404, 'not_found'],
    ['a customer token on a staff route', () => call('GET', `/staff/tickets/${ticket.number}`, { token: ticket.accessToken }), 401, 'unauthenticated'],
    ['an agent of another department reads it', () => call('GET', `/staff/tickets/${ticket.number}`, { token: jane }), 403, 'forbidden'],
    ['an agent of another department changes it', () => call('PATCH', `/staff/tickets/${ticket.number}`, { token: jane, json: { priority: 'low' } }), 403, 'forbidden'],
    ['an agent of another department replies', () => call('POST', `/staff/tickets/${ticket.number}/replies`, { token: jane, json: { message: 'x' } }), 403, 'forbidden'],
    ['an agent of another department notes', () => call('POST', `/staff/tickets/${ticket.number}/notes`, { token: jane, json: { message: 'x' } }), 403, 'forbidden'],
    ['a non-admin on the admin API', () => call('PATCH', '/admin/agents/jane', { token: john, json: { roleId: 'all-access' } }), 403, 'forbidden'],
    ['a token for someone who is no agent', async () => call('GET', '/staff/me', { token: await agentToken('stranger@example.com') }), 403, 'forbidden'],
  ] as [string, () => Promise<Answer>, number, string][])('%s', async (_label, send, status, code) => {
    const before = await snapshot();
    const res = await send();
    expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    expect(await snapshot()).toBe(before);
  });
});

describe('bad paths and query strings', () => {
  test.each([
    ['a ticket number that is no number', '/staff/tickets/..%2F..%2Fetc', 400, 'validation_failed'],
    ['a customer ticket number that is no number', '/tickets/abc', 400, 'validation_failed'],
    ['an unknown queue', '/staff/tickets?queue=everything', 400, 'validation_failed'],
    ['a limit of 0', '/staff/tickets?limit=0', 400, 'validation_failed'],
    ['a limit that is no number', '/staff/tickets?limit=lots', 400, 'validation_failed'],
    ['a forged cursor', '/staff/tickets?cursor=eyJub3QiOiJhIGN1cnNvciJ9', 400, 'validation_failed'],
    ['an unknown query parameter', '/staff/tickets?sort=priority', 400, 'validation_failed'],
  ] as [string, string, number, string][])('%s', async (_label, path, status, code) => {
    const token = path.startsWith('/tickets/') ? ticket.accessToken : admin;
    const res = await call('GET', path, { token });
    expect([res.status, res.body?.error?.code]).toEqual([status, code]);
  });
});

// ------------------------------------------------------------------ content stored as text

describe('payloads that are text, not code', () => {
  const SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>';

  test('HTML and script in subject and message are stored verbatim and escaped in the e-mail HTML', async () => {
    const email = 'html-payload@example.org';
    const res = await call('POST', '/tickets', { json: customerBody('html', { email, subject: `Hi ${SCRIPT}`, message: `Body ${SCRIPT}` }) });
    expect(res.status).toBe(201);
    const stored = await call('GET', `/staff/tickets/${res.body.number}`, { token: admin });
    expect(stored.headers.get('content-type')).toMatch(/^application\/json/);
    expect(stored.body.subject).toBe(`Hi ${SCRIPT}`);
    expect(stored.body.thread[0].body).toBe(`Body ${SCRIPT}`);
    const mails = await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.to.includes(email)));
    const mail = mails.find((m) => m.to.includes(email))!;
    expect(mail.html).not.toMatch(/<script|<img/i);
    expect(mail.html).toContain('&lt;script&gt;');
  });

  test.each([
    ['name', { name: 'Maria\r\nBcc: victim@example.net' }],
    ['subject', { subject: 'Printer\r\nBcc: victim@example.net' }],
  ])('CR LF in the %s never becomes an e-mail header', async (_field, extra) => {
    const email = `inject-${Date.now()}@example.org`;
    const before = await snapshot();
    const res = await call('POST', '/tickets', { json: customerBody('inject', { email, ...extra }) });
    if (res.status === 400) {
      // Refused outright is fine too: then nothing was stored.
      expect(res.body.error.code).toBe('validation_failed');
      expect(await snapshot()).toBe(before);
      return;
    }
    expect(res.status).toBe(201);
    await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.to.includes(email)));
    const all = await readOutbox(stack.mailOutbox);
    expect(all.filter((m) => m.to.includes('victim@example.net'))).toEqual([]);
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const m of all) expect(readFileSync(join(stack.mailOutbox, m.file), 'utf8')).not.toMatch(/^Bcc:.*victim/im);
  });
});

// No route yet, so nothing to test; listed so they are not forgotten.
test.todo('path traversal in attachment names (no attachment route yet)');
test.todo('spreadsheet-formula payloads in exports (no export route yet)');
test.todo('POST /api/tickets.json and /api/tickets.email (osTicket API; no route yet)');
test.todo('POST /api/inbound/email (no route yet)');
