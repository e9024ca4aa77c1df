// The bad-input catalog, over every declared HTTP route: the route list comes from the function
// declarations themselves, so a new route without cases here fails the first test. Each case
// asserts the status, an error message saying what to fix, and that nothing changed (tickets,
// their count, the whole directory, API keys, settings and the audit trail). Content that is odd
// but legitimate (HTML, scripts) is stored as text and escaped wherever HTML is produced; header
// injection never reaches a header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { issueDevToken } from '../../shared/auth/jwt';
import { LOCAL_DEFAULTS } from '../../local/settings';
import type { loadFunctionFiles as LoadFunctionFiles } from '../../local/functions-host';
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
let apiKey: { id: string; key: string };
/** Keys narrower than apiKey (issue 18): one scope each, and one allowed address that is not the caller's. */
let scoped: { createOnly: string; pipeOnly: string; elsewhere: string };
const IMAP = { method: 'imap', host: 'imap.example.com', port: 993, tls: true, username: 'catalog', secretRef: 'catalog-imap' };
const CATALOG_MAILBOX = { name: 'Catalog inbox', address: 'catalog-inbox@example.com', topicId: 'pc-issues', fetch: IMAP };

beforeAll(async () => {
  stack = await startStack();
  [admin, john, jane] = await Promise.all(['admin@example.com', 'john@example.com', 'jane@example.com'].map(agentToken)) as [string, string, string];
  ticket = (await request(stack.baseUrl, 'POST', '/tickets', { json: customerBody('target') })).body;
  other = (await request(stack.baseUrl, 'POST', '/tickets', { json: customerBody('other') })).body;
  apiKey = (await request(stack.baseUrl, 'POST', '/admin/api-keys', { token: admin, json: { name: 'Catalog key' } })).body;
  const keyWith = async (json: object) => (await request(stack.baseUrl, 'POST', '/admin/api-keys', { token: admin, json })).body.key as string;
  scoped = {
    createOnly: await keyWith({ name: 'Catalog form key', scopes: ['tickets:create'] }),
    pipeOnly: await keyWith({ name: 'Catalog mail key', scopes: ['mail:pipe'] }),
    elsewhere: await keyWith({ name: 'Catalog office key', allowedIps: ['203.0.113.77'] }),
  };
  await request(stack.baseUrl, 'POST', '/admin/bans', { token: admin, json: { id: 'catalog-ban', name: 'spam.example', note: 'Catalog' } });
  await request(stack.baseUrl, 'POST', '/admin/mailboxes', { token: admin, json: { id: 'catalog-mailbox', ...CATALOG_MAILBOX } });
}, 60_000);
afterAll(() => stack.stop());

/**
 * A GET that met a kept-alive socket the stack had just closed (its 5 s idle timeout, after a slow
 * test) is sent again: it changes nothing. Anything else is sent once.
 */
const call = async (method: string, path: string, init: Parameters<typeof request>[3] = {}): Promise<Answer> => {
  const res = await request(stack.baseUrl, method, path, init);
  return res.status === 0 && method === 'GET' ? request(stack.baseUrl, method, path, init) : res;
};

/** Every item of a paged list, following nextCursor to the end (a single page goes blind past 100). */
async function allPages(path: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const res: Answer = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...(res.body.items as unknown[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return items;
}

const ADMIN_KINDS = ['departments', 'agents', 'roles', 'sla-plans', 'topics', 'schedules', 'api-keys', 'settings/notifications', 'settings/sla', 'bans', 'mailboxes'];

/** Everything a refused request could have changed: both tickets, every ticket, the whole directory, keys, settings, the audit trail. */
async function snapshot(): Promise<string> {
  const [t, o, open, closed, audit, ...kinds] = await Promise.all([
    call('GET', `/staff/tickets/${ticket.number}`, { token: admin }),
    call('GET', `/staff/tickets/${other.number}`, { token: admin }),
    allPages('/staff/tickets?queue=open'),
    allPages('/staff/tickets?queue=closed'),
    allPages('/admin/audit'),
    ...ADMIN_KINDS.map((k) => call('GET', `/admin/${k}`, { token: admin })),
  ]);
  const numbers = (items: unknown[]) => items.map((i) => (i as { number: string }).number).sort();
  return JSON.stringify([t.headers.get('etag'), o.headers.get('etag'), numbers(open), numbers(closed), audit.length, kinds.map((k) => [k.status, withoutFetchStatus(k.body)])]);
}

/**
 * A mailbox's fetch status is the mailbox-fetch timer's record (it runs every minute beside the
 * test), not anything a request changes: left out of the comparison so the timer cannot fail it.
 */
function withoutFetchStatus(body: unknown): unknown {
  const b = body as { mailboxes?: Record<string, unknown>[] } | null;
  if (!b || !Array.isArray(b.mailboxes)) return body;
  return { ...b, mailboxes: b.mailboxes.map(({ status: _status, ...rest }) => rest) };
}

// ------------------------------------------------------------------ the route list

/** Each declared HTTP route as `METHOD route` (below /api; a leading / is from the site root). */
function declaredRoutes(): string[] {
  // The compiled declarations, as the stack under test serves them (the global setup built dist/).
  const { loadFunctionFiles } = require(join(__dirname, '..', '..', 'dist', 'local', 'functions-host.js')) as { loadFunctionFiles: typeof LoadFunctionFiles };
  return loadFunctionFiles().http.flatMap((d) => d.methods.map((m) => `${m} ${d.route}`)).sort();
}

/** Routes that read nothing from the request (no body, parameters, query or identity): nothing to refuse. */
const TAKES_NO_INPUT = ['GET health', 'GET topics', 'GET openapi.json', 'GET attachments/limits', 'GET auth/config', 'GET /staff', 'GET /{ignored:maxlength(0)?}'];

interface BodyRoute {
  /** The declared route, `METHOD route`. */
  route: string;
  method: string;
  path: () => string;
  token: () => string | undefined;
  valid: Record<string, unknown>;
  /** The field that takes free text (or the one field, for PATCHes without text). */
  field: string;
  /** The field holds free text (control characters and invalid UTF-8 are refused in it). */
  text: boolean;
  /** The body may carry files, so it may be as large as the attachment limits allow. */
  files?: boolean;
}

const admin_ = (kind: string, valid: Record<string, unknown>, field = 'name', text = true): BodyRoute => ({
  route: `POST admin/${kind}`, method: 'POST', path: () => `/admin/${kind}`, token: () => admin, valid, field, text,
});
const adminPatch = (kind: string, id: string, valid: Record<string, unknown>, field = 'name', text = true): BodyRoute => ({
  route: `PATCH admin/${kind}${id === '' ? '' : '/{id}'}`, method: 'PATCH', path: () => `/admin/${kind}${id === '' ? '' : `/${id}`}`, token: () => admin, valid, field, text,
});

const ROUTES: BodyRoute[] = [
  { route: 'POST tickets', method: 'POST', path: () => '/tickets', token: () => undefined, valid: customerBody('valid'), field: 'subject', text: true, files: true },
  { route: 'POST tickets/{number}/messages', method: 'POST', path: () => `/tickets/${ticket.number}/messages`, token: () => ticket.accessToken, valid: { message: 'More detail' }, field: 'message', text: true, files: true },
  { route: 'PATCH staff/tickets/{number}', method: 'PATCH', path: () => `/staff/tickets/${ticket.number}`, token: () => john, valid: { priority: 'high' }, field: 'priority', text: false },
  { route: 'POST staff/tickets/{number}/replies', method: 'POST', path: () => `/staff/tickets/${ticket.number}/replies`, token: () => john, valid: { message: 'On it' }, field: 'message', text: true, files: true },
  { route: 'POST staff/tickets/{number}/notes', method: 'POST', path: () => `/staff/tickets/${ticket.number}/notes`, token: () => john, valid: { message: 'Looked at it' }, field: 'message', text: true, files: true },
  admin_('departments', { name: 'Catalog Dept', slaPlanId: 'default' }),
  admin_('agents', { name: 'Catalog Agent', email: 'catalog-agent@example.com', departmentId: 'support', roleId: 'all-access' }),
  admin_('roles', { name: 'Catalog Role', permissions: ['ticket.reply'] }),
  admin_('sla-plans', { name: 'Catalog Plan', gracePeriodHours: 12 }),
  admin_('topics', { name: 'Catalog Topic', departmentId: 'support' }),
  admin_('schedules', { name: 'Catalog Hours', timezone: 'Europe/Vienna', hours: [{ day: 'mon', start: '08:00', end: '17:00' }] }),
  admin_('api-keys', { name: 'Catalog Key' }),
  adminPatch('departments', 'support', { name: 'Support Desk' }),
  adminPatch('agents', 'john', { name: 'John Smith' }),
  adminPatch('roles', 'expanded', { name: 'Wider access' }),
  adminPatch('sla-plans', 'default', { name: 'Standard' }),
  adminPatch('topics', 'other', { name: 'Anything else' }),
  adminPatch('schedules', 'monday-friday-8am-5pm', { name: 'Office hours' }),
  adminPatch('settings/notifications', '', { enabled: { autoResponse: false } }, 'enabled', false),
  adminPatch('settings/sla', '', { defaultScheduleId: 'monday-friday-8am-5pm' }, 'defaultScheduleId', false),
  admin_('bans', { name: 'catalog-spam.example', note: 'Catalog' }),
  adminPatch('bans', 'catalog-ban', { note: 'Still spam' }, 'note'),
  admin_('mailboxes', { name: 'Catalog intake', address: 'catalog-intake@example.com', topicId: 'pc-issues', fetch: { method: 'graph' } }),
  adminPatch('mailboxes', 'catalog-mailbox', { name: 'Catalog inbox 2' }),
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

/**
 * The answer is the design's JSON error with that code (or, for `code: null`, osTicket's plain
 * text), its message says what to fix, and nothing changed.
 */
async function expectRefused(send: () => Promise<Answer>, status: number, code: string | null, says?: RegExp): Promise<void> {
  const before = await snapshot();
  const res = await send();
  const plain = code === null;
  const [gotCode, message] = plain ? [null, String(res.body)] : [res.body?.error?.code, res.body?.error?.message];
  expect([res.status, gotCode]).toEqual([status, code]);
  expect(res.headers.get('content-type')).toMatch(plain ? /^text\/plain/ : /^application\/json/);
  expect(message).toMatch(says ?? /\w{3,}/);
  expect(await snapshot()).toBe(before);
}

describe.each(ROUTES)('$route refuses bad bodies and stores nothing', (route) => {
  test.each(BODY_CASES)('%s', async (_label, init, status, code) => {
    const token = route.token();
    await expectRefused(() => call(route.method, route.path(), { ...init(route), ...(token ? { token } : {}) }), status, code);
  });
});

// Control characters and invalid UTF-8 in free text. Text fields may hold tabs and new lines,
// but a NUL or an unpaired escape byte has no business in a ticket and must be refused whole.
const TEXT_ROUTES = ROUTES.filter((r) => r.text);
const TEXT_CASES: [string, (r: BodyRoute) => Init][] = [
  ['a NUL and other control characters', (r) => ({ json: { ...r.valid, [r.field]: 'abc\u0000\u0007\u001bdef' } })],
  ['invalid UTF-8 bytes', (r) => json(Buffer.concat([Buffer.from(`{${JSON.stringify(r.valid).slice(1, -1)}, "${r.field}": "abc`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('def"}')]))],
];

describe.each(TEXT_ROUTES)('$route refuses control characters and invalid UTF-8', (route) => {
  test.each(TEXT_CASES)('%s', async (_label, init) => {
    const token = route.token();
    await expectRefused(() => call(route.method, route.path(), { ...init(route), ...(token ? { token } : {}) }), 400, 'validation_failed');
  });
});

// ------------------------------------------------------------------ identity and access

const forged = () =>
  new SignJWT({ email: 'admin@example.com' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('helpdesk-local').setAudience('helpdesk-api').setExpirationTime('1h').sign(new TextEncoder().encode('an-attacker-guessing-the-secret-wrongly'));
const expired = () => issueDevToken(LOCAL_DEFAULTS.DEV_TOKEN_SECRET, 'admin@example.com', -60);

/** [declared route, path, body]: staff routes, each refusing a missing, forged or expired token. */
const STAFF_ROUTES: [string, () => string, unknown?][] = [
  ['GET staff/me', () => '/staff/me'],
  ['GET staff/directory', () => '/staff/directory'],
  ['GET staff/tickets', () => '/staff/tickets?queue=open'],
  ['GET staff/sla-report', () => '/staff/sla-report?from=2026-11-01&to=2026-11-30'],
  ['GET staff/tickets/{number}', () => `/staff/tickets/${ticket.number}`],
  ['PATCH staff/tickets/{number}', () => `/staff/tickets/${ticket.number}`, { priority: 'high' }],
  ['POST staff/tickets/{number}/replies', () => `/staff/tickets/${ticket.number}/replies`, { message: 'x' }],
  ['POST staff/tickets/{number}/notes', () => `/staff/tickets/${ticket.number}/notes`, { message: 'x' }],
  ['GET admin/agents', () => '/admin/agents'],
  ['PATCH admin/agents/{id}', () => '/admin/agents/john', { name: 'Mallory' }],
  ['POST admin/departments', () => '/admin/departments', { name: 'Mallory Dept', slaPlanId: 'default' }],
  ['DELETE admin/topics/{id}', () => '/admin/topics/other'],
  ['POST admin/api-keys', () => '/admin/api-keys', { name: 'Mallory key' }],
  ['GET admin/audit', () => '/admin/audit'],
];

describe.each(STAFF_ROUTES)('%s refuses a missing, forged or expired token', (route, path, body) => {
  test.each([
    ['no token', async () => undefined],
    ['garbage', async () => 'not-a-jwt'],
    ['a forged token', forged],
    ['an expired token', expired],
  ] as [string, () => Promise<string | undefined>][])('%s: 401', async (_label, make) => {
    const token = await make();
    const method = route.split(' ')[0]!;
    await expectRefused(() => call(method, path(), { ...(body !== undefined ? { json: body } : {}), ...(token ? { token } : {}) }), 401, 'unauthenticated');
  });
});

// ------------------------------------------------------------------ every other route

/** One bad request to one declared route; `code: null` for the osTicket routes, which answer plain text as osTicket does. */
interface Case {
  route: string;
  label: string;
  send: () => Promise<Answer>;
  status: number;
  code: string | null;
  says?: RegExp;
}

const site = (path: string) => request(stack.baseUrl.replace(/\/api$/, ''), 'GET', path);
const NO_SUCH_FILE = '3f1b2c4d-1111-4222-8333-444455556666';
const osTicket = (path: string, key: string | null, raw: string, type: string, extra: Record<string, string> = {}) =>
  call('POST', path, { raw, headers: { 'content-type': type, ...extra, ...(key === null ? {} : { 'x-api-key': key }) } });
const graphPost = (raw: string, type: string) => call('POST', '/mail/graph-notifications', { raw, headers: { 'content-type': type } });
const inbound = (raw: string, headers: Record<string, string>) => call('POST', '/inbound/email', { raw, headers: { 'content-type': 'message/rfc822', ...headers } });
const MAIL = 'From: Maria <maria@example.org>\r\nTo: support@example.com\r\nSubject: Printer\r\n\r\nIt jams.\r\n';
/** A page, in base64, to send under a picture's type. */
const MISMATCHED_FILE = Buffer.from('<script>alert(1)</script>').toString('base64');
/** Paths and tokens are read when the case runs: the tickets exist only after beforeAll. */
const get = (path: string | (() => string), token: () => string | undefined) => () => {
  const t = token();
  return call('GET', typeof path === 'string' ? path : path(), t ? { token: t } : {});
};
const del = (path: string, token: () => string) => () => call('DELETE', path, { token: token() });

/** Per admin kind: an id that is not there, and one still in use (null where nothing blocks a delete). */
const ADMIN_ENTITIES: [kind: string, existing: string, inUse: string | null][] = [
  ['departments', 'support', 'support'],
  ['agents', 'john', 'admin'],
  ['roles', 'expanded', 'all-access'],
  ['sla-plans', 'default', 'default'],
  ['topics', 'other', null],
  ['schedules', 'monday-friday-8am-5pm', null],
];

const CASES: Case[] = [
  // Customer routes.
  { route: 'GET tickets/{number}', label: 'a ticket number that is no number', send: get('/tickets/abc', () => ticket.accessToken), status: 400, code: 'validation_failed', says: /ticket number is 6 to 9 digits/ },
  { route: 'GET tickets/{number}', label: 'another customer\'s ticket with my token', send: get(() => `/tickets/${other.number}`, () => ticket.accessToken), status: 404, code: 'not_found' },
  { route: 'GET tickets/{number}', label: 'no token', send: get('/tickets/123456', () => undefined), status: 401, code: 'unauthenticated' },
  { route: 'POST tickets/{number}/messages', label: 'a message to another customer\'s ticket', send: () => call('POST', `/tickets/${other.number}/messages`, { token: ticket.accessToken, json: { message: 'hi' } }), status: 404, code: 'not_found' },
  { route: 'GET tickets/{number}/attachments/{attachmentId}', label: 'an attachment id that is no UUID', send: () => call('GET', `/tickets/${ticket.number}/attachments/..%2F..%2Fsecret`, { token: ticket.accessToken }), status: 400, code: 'validation_failed', says: /attachment id is a UUID/ },
  { route: 'GET tickets/{number}/attachments/{attachmentId}', label: 'a file the ticket does not have', send: () => call('GET', `/tickets/${ticket.number}/attachments/${NO_SUCH_FILE}`, { token: ticket.accessToken }), status: 404, code: 'not_found' },
  { route: 'GET tickets/{number}/attachments/{attachmentId}', label: 'another customer\'s ticket', send: () => call('GET', `/tickets/${other.number}/attachments/${NO_SUCH_FILE}`, { token: ticket.accessToken }), status: 404, code: 'not_found' },
  { route: 'GET tickets/{number}/attachments/{attachmentId}', label: 'no token', send: () => call('GET', `/tickets/${ticket.number}/attachments/${NO_SUCH_FILE}`), status: 401, code: 'unauthenticated' },
  // Staff routes.
  ...([
    ['an unknown queue', '/staff/tickets?queue=everything', /queue/],
    ['a limit of 0', '/staff/tickets?limit=0', /limit/],
    ['a limit that is no number', '/staff/tickets?limit=lots', /limit/],
    ['a forged cursor', '/staff/tickets?cursor=eyJub3QiOiJhIGN1cnNvciJ9', /cursor/],
    ['an unknown query parameter', '/staff/tickets?sort=priority', /sort/],
    ['a query over 100 characters', `/staff/tickets?q=${'x'.repeat(101)}`, /q/],
  ] as [string, string, RegExp][]).map(([label, path, says]): Case => ({ route: 'GET staff/tickets', label, send: get(path, () => admin), status: 400, code: 'validation_failed', says })),
  ...([
    ['from after to', '/staff/sla-report?from=2026-11-30&to=2026-11-01', /from must not be after to/],
    ['a date that does not exist', '/staff/sla-report?from=2026-02-30&to=2026-03-01', /from must be a date such as 2026-12-01/],
    ['a date-time instead of a day', '/staff/sla-report?from=2026-11-01T00:00:00Z&to=2026-11-30', /from must be a date/],
    ['no to', '/staff/sla-report?from=2026-11-01', /to/],
    ['a range over 366 days', '/staff/sla-report?from=2024-01-01&to=2025-06-30', /ask for at most 366/],
    ['an unknown department', '/staff/sla-report?from=2026-11-01&to=2026-11-30&department=nowhere', /no department nowhere/],
    ['an unknown query parameter', '/staff/sla-report?from=2026-11-01&to=2026-11-30&plan=default', /plan/],
  ] as [string, string, RegExp][]).map(([label, path, says]): Case => ({ route: 'GET staff/sla-report', label, send: get(path, () => admin), status: 400, code: 'validation_failed', says })),
  { route: 'GET staff/sla-report', label: 'an agent without stats.agents', send: get('/staff/sla-report?from=2026-11-01&to=2026-11-30', () => jane), status: 403, code: 'forbidden', says: /stats\.agents/ },
  { route: 'GET staff/tickets/{number}', label: 'a ticket number that is no number', send: get('/staff/tickets/..%2F..%2Fetc', () => admin), status: 400, code: 'validation_failed' },
  { route: 'GET staff/tickets/{number}', label: 'an agent of another department reads it', send: get(() => `/staff/tickets/${ticket.number}`, () => jane), status: 403, code: 'forbidden' },
  { route: 'GET staff/tickets/{number}', label: 'a customer token on a staff route', send: () => call('GET', `/staff/tickets/${ticket.number}`, { token: ticket.accessToken }), status: 401, code: 'unauthenticated' },
  { route: 'PATCH staff/tickets/{number}', label: 'an agent of another department changes it', send: () => call('PATCH', `/staff/tickets/${ticket.number}`, { token: jane, json: { priority: 'low' } }), status: 403, code: 'forbidden' },
  { route: 'POST staff/tickets/{number}/replies', label: 'an agent of another department replies', send: () => call('POST', `/staff/tickets/${ticket.number}/replies`, { token: jane, json: { message: 'x' } }), status: 403, code: 'forbidden' },
  { route: 'POST staff/tickets/{number}/notes', label: 'an agent of another department notes', send: () => call('POST', `/staff/tickets/${ticket.number}/notes`, { token: jane, json: { message: 'x' } }), status: 403, code: 'forbidden' },
  { route: 'GET staff/tickets/{number}/attachments/{attachmentId}', label: 'an attachment id that is no UUID', send: () => call('GET', `/staff/tickets/${ticket.number}/attachments/not-a-uuid`, { token: admin }), status: 400, code: 'validation_failed', says: /attachment id is a UUID/ },
  { route: 'GET staff/tickets/{number}/attachments/{attachmentId}', label: 'a file the ticket does not have', send: () => call('GET', `/staff/tickets/${ticket.number}/attachments/${NO_SUCH_FILE}`, { token: admin }), status: 404, code: 'not_found' },
  { route: 'GET staff/tickets/{number}/attachments/{attachmentId}', label: 'an agent of another department', send: () => call('GET', `/staff/tickets/${ticket.number}/attachments/${NO_SUCH_FILE}`, { token: jane }), status: 403, code: 'forbidden' },
  { route: 'GET staff/me', label: 'a token for someone who is no agent', send: async () => call('GET', '/staff/me', { token: await agentToken('stranger@example.com') }), status: 403, code: 'forbidden' },
  { route: 'GET staff/directory', label: 'a token for someone who is no agent', send: async () => call('GET', '/staff/directory', { token: await agentToken('stranger@example.com') }), status: 403, code: 'forbidden' },
  // A file whose declared type disagrees with its name (a page sent as a picture), on every route that takes files.
  ...ROUTES.filter((r) => r.files).map((r): Case => ({
    route: r.route,
    label: 'a page sent as a picture (invoice.html as image/png)',
    send: () => {
      const token = r.token();
      return call(r.method, r.path(), { json: { ...r.valid, attachments: [{ filename: 'invoice.html', contentType: 'image/png', data: MISMATCHED_FILE }] }, ...(token ? { token } : {}) });
    },
    status: 400,
    code: 'validation_failed',
    says: /invoice\.html: it is sent as image\/png but its name ends in \.html, which is text\/html/,
  })),
  // The admin API, every kind.
  ...ADMIN_ENTITIES.flatMap(([kind, existing, inUse]): Case[] => [
    { route: `GET admin/${kind}`, label: 'a non-admin', send: get(`/admin/${kind}`, () => john), status: 403, code: 'forbidden' },
    { route: `GET admin/${kind}/{id}`, label: 'an id that is not there', send: get(`/admin/${kind}/nobody-here`, () => admin), status: 404, code: 'not_found', says: /nobody-here/ },
    { route: `GET admin/${kind}/{id}`, label: 'a non-admin', send: get(`/admin/${kind}/${existing}`, () => john), status: 403, code: 'forbidden' },
    { route: `POST admin/${kind}`, label: 'a non-admin', send: () => call('POST', `/admin/${kind}`, { token: john, json: ROUTES.find((r) => r.route === `POST admin/${kind}`)!.valid }), status: 403, code: 'forbidden' },
    { route: `PATCH admin/${kind}/{id}`, label: 'an id that is not there', send: () => call('PATCH', `/admin/${kind}/nobody-here`, { token: admin, json: { name: 'Ghost' } }), status: 404, code: 'not_found', says: /nobody-here/ },
    { route: `PATCH admin/${kind}/{id}`, label: 'a non-admin', send: () => call('PATCH', `/admin/${kind}/${existing}`, { token: john, json: { name: 'Sneaky' } }), status: 403, code: 'forbidden' },
    { route: `DELETE admin/${kind}/{id}`, label: 'an id that is not there', send: del(`/admin/${kind}/nobody-here`, () => admin), status: 404, code: 'not_found', says: /nobody-here/ },
    { route: `DELETE admin/${kind}/{id}`, label: 'a non-admin', send: del(`/admin/${kind}/${existing}`, () => john), status: 403, code: 'forbidden' },
    ...(inUse ? [{ route: `DELETE admin/${kind}/{id}`, label: 'one still in use', send: del(`/admin/${kind}/${inUse}`, () => admin), status: 409, code: 'conflict', says: /still in use/ }] : []),
  ]),
  { route: 'POST admin/agents', label: 'a department that is not there', send: () => call('POST', '/admin/agents', { token: admin, json: { name: 'X', email: 'x@example.com', departmentId: 'nope', roleId: 'all-access' } }), status: 400, code: 'validation_failed', says: /no department 'nope'/ },
  { route: 'PATCH admin/departments/{id}', label: 'an SLA plan that is not there', send: () => call('PATCH', '/admin/departments/support', { token: admin, json: { slaPlanId: 'nope' } }), status: 400, code: 'validation_failed', says: /no SLA plan 'nope'/ },
  { route: 'POST admin/schedules', label: 'a time zone that does not exist', send: () => call('POST', '/admin/schedules', { token: admin, json: { name: 'Mars', timezone: 'Mars/Olympus', hours: [{ day: 'mon', start: '08:00', end: '17:00' }] } }), status: 400, code: 'validation_failed', says: /Mars\/Olympus/ },
  { route: 'GET admin/sla-recomputes', label: 'a non-admin', send: get('/admin/sla-recomputes', () => john), status: 403, code: 'forbidden' },
  { route: 'GET admin/sla-recomputes/{id}', label: 'an id that is not there', send: get('/admin/sla-recomputes/nobody-here', () => admin), status: 404, code: 'not_found', says: /nobody-here/ },
  { route: 'GET admin/sla-recomputes/{id}', label: 'a non-admin', send: get('/admin/sla-recomputes/nobody-here', () => john), status: 403, code: 'forbidden' },
  { route: 'GET admin/api-keys', label: 'a non-admin', send: get('/admin/api-keys', () => john), status: 403, code: 'forbidden' },
  { route: 'POST admin/api-keys', label: 'an allowed address that is no IP', send: () => call('POST', '/admin/api-keys', { token: admin, json: { name: 'x', allowedIps: ['not an ip'] } }), status: 400, code: 'validation_failed', says: /IPv4 or IPv6/ },
  { route: 'POST admin/api-keys', label: 'a scope that does not exist', send: () => call('POST', '/admin/api-keys', { token: admin, json: { name: 'x', scopes: ['tickets:delete'] } }), status: 400, code: 'validation_failed', says: /each scope must be one of tickets:create, mail:pipe/ },
  { route: 'POST admin/api-keys', label: 'an empty list of scopes', send: () => call('POST', '/admin/api-keys', { token: admin, json: { name: 'x', scopes: [] } }), status: 400, code: 'validation_failed', says: /at least one scope/ },
  { route: 'DELETE admin/api-keys/{id}', label: 'a key that is not there', send: del('/admin/api-keys/nope', () => admin), status: 404, code: 'not_found', says: /nope/ },
  { route: 'DELETE admin/api-keys/{id}', label: 'a non-admin', send: () => call('DELETE', `/admin/api-keys/${apiKey.id}`, { token: john }), status: 403, code: 'forbidden' },
  { route: 'GET admin/settings/notifications', label: 'a non-admin', send: get('/admin/settings/notifications', () => john), status: 403, code: 'forbidden' },
  { route: 'PATCH admin/settings/notifications', label: 'an unknown kind of notification', send: () => call('PATCH', '/admin/settings/notifications', { token: admin, json: { enabled: { fax: true } } }), status: 400, code: 'validation_failed' },
  { route: 'PATCH admin/settings/notifications', label: 'a non-admin', send: () => call('PATCH', '/admin/settings/notifications', { token: john, json: { enabled: { autoResponse: false } } }), status: 403, code: 'forbidden' },
  { route: 'GET admin/bans', label: 'a non-admin', send: get('/admin/bans', () => john), status: 403, code: 'forbidden' },
  { route: 'GET admin/bans/{id}', label: 'an id that is not there', send: get('/admin/bans/nobody-here', () => admin), status: 404, code: 'not_found', says: /nobody-here/ },
  { route: 'GET admin/bans/{id}', label: 'a non-admin', send: get('/admin/bans/catalog-ban', () => john), status: 403, code: 'forbidden' },
  { route: 'POST admin/bans', label: 'neither an address nor a domain', send: () => call('POST', '/admin/bans', { token: admin, json: { name: 'not a domain' } }), status: 400, code: 'validation_failed', says: /e-mail address .* or a domain/ },
  { route: 'POST admin/bans', label: 'a non-admin', send: () => call('POST', '/admin/bans', { token: john, json: { name: 'sneaky.example' } }), status: 403, code: 'forbidden' },
  { route: 'PATCH admin/bans/{id}', label: 'an id that is not there', send: () => call('PATCH', '/admin/bans/nobody-here', { token: admin, json: { note: 'x' } }), status: 404, code: 'not_found', says: /nobody-here/ },
  { route: 'PATCH admin/bans/{id}', label: 'a non-admin', send: () => call('PATCH', '/admin/bans/catalog-ban', { token: john, json: { note: 'x' } }), status: 403, code: 'forbidden' },
  { route: 'DELETE admin/bans/{id}', label: 'an id that is not there', send: del('/admin/bans/nobody-here', () => admin), status: 404, code: 'not_found', says: /nobody-here/ },
  { route: 'DELETE admin/bans/{id}', label: 'a non-admin', send: del('/admin/bans/catalog-ban', () => john), status: 403, code: 'forbidden' },
  { route: 'GET admin/mailboxes', label: 'a non-admin', send: get('/admin/mailboxes', () => john), status: 403, code: 'forbidden' },
  { route: 'GET admin/mailboxes/{id}', label: 'an id that is not there', send: get('/admin/mailboxes/nobody-here', () => admin), status: 404, code: 'not_found', says: /nobody-here/ },
  { route: 'GET admin/mailboxes/{id}', label: 'a non-admin', send: get('/admin/mailboxes/catalog-mailbox', () => john), status: 403, code: 'forbidden' },
  { route: 'POST admin/mailboxes', label: 'a password in fetch', send: () => call('POST', '/admin/mailboxes', { token: admin, json: { ...CATALOG_MAILBOX, address: 'new@example.com', fetch: { ...IMAP, password: 'hunter2' } } }), status: 400, code: 'validation_failed', says: /never send a password: put it in the help desk's Key Vault .* name that secret in fetch\.secretRef/ },
  { route: 'POST admin/mailboxes', label: 'a password beside the fields', send: () => call('POST', '/admin/mailboxes', { token: admin, json: { ...CATALOG_MAILBOX, address: 'new@example.com', password: 'hunter2' } }), status: 400, code: 'validation_failed', says: /never send a password/ },
  { route: 'POST admin/mailboxes', label: 'a secretRef no Key Vault takes', send: () => call('POST', '/admin/mailboxes', { token: admin, json: { ...CATALOG_MAILBOX, address: 'new@example.com', fetch: { ...IMAP, secretRef: 'imap_password' } } }), status: 400, code: 'validation_failed', says: /secretRef names a Key Vault secret/ },
  { route: 'POST admin/mailboxes', label: 'a topic that is not there', send: () => call('POST', '/admin/mailboxes', { token: admin, json: { ...CATALOG_MAILBOX, address: 'new@example.com', topicId: 'nope' } }), status: 400, code: 'validation_failed', says: /no help topic 'nope'/ },
  { route: 'POST admin/mailboxes', label: 'an address in use', send: () => call('POST', '/admin/mailboxes', { token: admin, json: { ...CATALOG_MAILBOX, name: 'Another inbox' } }), status: 409, code: 'conflict', says: /catalog-inbox@example\.com is already used by mailbox Catalog inbox/ },
  { route: 'POST admin/mailboxes', label: 'a non-admin', send: () => call('POST', '/admin/mailboxes', { token: john, json: { ...CATALOG_MAILBOX, address: 'new@example.com' } }), status: 403, code: 'forbidden' },
  { route: 'PATCH admin/mailboxes/{id}', label: 'a password in fetch', send: () => call('PATCH', '/admin/mailboxes/catalog-mailbox', { token: admin, json: { fetch: { ...IMAP, password: 'hunter2' } } }), status: 400, code: 'validation_failed', says: /never send a password/ },
  { route: 'PATCH admin/mailboxes/{id}', label: 'an id that is not there', send: () => call('PATCH', '/admin/mailboxes/nobody-here', { token: admin, json: { active: false } }), status: 404, code: 'not_found', says: /nobody-here/ },
  { route: 'PATCH admin/mailboxes/{id}', label: 'a non-admin', send: () => call('PATCH', '/admin/mailboxes/catalog-mailbox', { token: john, json: { active: false } }), status: 403, code: 'forbidden' },
  { route: 'DELETE admin/mailboxes/{id}', label: 'an id that is not there', send: del('/admin/mailboxes/nobody-here', () => admin), status: 404, code: 'not_found', says: /nobody-here/ },
  { route: 'DELETE admin/mailboxes/{id}', label: 'a non-admin', send: del('/admin/mailboxes/catalog-mailbox', () => john), status: 403, code: 'forbidden' },
  { route: 'GET admin/settings/sla', label: 'a non-admin', send: get('/admin/settings/sla', () => john), status: 403, code: 'forbidden' },
  { route: 'PATCH admin/settings/sla', label: 'a schedule that is not there', send: () => call('PATCH', '/admin/settings/sla', { token: admin, json: { defaultScheduleId: 'nope' } }), status: 400, code: 'validation_failed', says: /no schedule 'nope'/ },
  { route: 'PATCH admin/settings/sla', label: 'a default plan that is not there', send: () => call('PATCH', '/admin/settings/sla', { token: admin, json: { defaultPlanId: 'nope' } }), status: 400, code: 'validation_failed', says: /no SLA plan 'nope'/ },
  { route: 'PATCH admin/settings/sla', label: 'neither setting', send: () => call('PATCH', '/admin/settings/sla', { token: admin, json: {} }), status: 400, code: 'validation_failed', says: /defaultScheduleId, defaultPlanId or both/ },
  { route: 'PATCH admin/settings/sla', label: 'a non-admin', send: () => call('PATCH', '/admin/settings/sla', { token: john, json: { defaultScheduleId: 'monday-friday-8am-5pm' } }), status: 403, code: 'forbidden' },
  { route: 'GET admin/audit', label: 'an unknown kind', send: get('/admin/audit?kind=tickets', () => admin), status: 400, code: 'validation_failed', says: /kind/ },
  { route: 'GET admin/audit', label: 'a limit over 100', send: get('/admin/audit?limit=101', () => admin), status: 400, code: 'validation_failed', says: /limit/ },
  { route: 'GET admin/audit', label: 'a non-admin', send: get('/admin/audit', () => john), status: 403, code: 'forbidden' },
  // The osTicket API answers in plain text, as osTicket does.
  { route: 'POST tickets.json', label: 'no API key', send: () => osTicket('/tickets.json', null, JSON.stringify(customerBody('k')), 'application/json'), status: 401, code: null, says: /API key/ },
  { route: 'POST tickets.json', label: 'a wrong API key', send: () => osTicket('/tickets.json', 'F'.repeat(64), JSON.stringify(customerBody('k')), 'application/json'), status: 401, code: null, says: /API key/ },
  { route: 'POST tickets.json', label: 'a body that is not JSON', send: () => osTicket('/tickets.json', apiKey.key, '{bad', 'application/json'), status: 400, code: null, says: /not valid JSON/ },
  { route: 'POST tickets.json', label: 'no e-mail', send: () => osTicket('/tickets.json', apiKey.key, JSON.stringify({ name: 'John', subject: 'x', message: 'y' }), 'application/json'), status: 400, code: null, says: /email/ },
  { route: 'POST tickets.json', label: 'a page sent as a picture (invoice.html as image/png)', send: () => osTicket('/tickets.json', apiKey.key, JSON.stringify({ name: 'John', email: 'john.mismatch@example.org', subject: 'x', message: 'y', attachments: [{ 'invoice.html': `data:image/png;base64,${MISMATCHED_FILE}` }] }), 'application/json'), status: 400, code: null, says: /invoice\.html: it is sent as image\/png but its name ends in \.html/ },
  { route: 'POST tickets.json', label: 'a key without the scope tickets:create', send: () => osTicket('/tickets.json', scoped.pipeOnly, JSON.stringify(customerBody('k')), 'application/json'), status: 403, code: null, says: /^API key not authorized for tickets:create/ },
  { route: 'POST tickets.json', label: "another address's key, that address written into X-Forwarded-For", send: () => osTicket('/tickets.json', scoped.elsewhere, JSON.stringify(customerBody('k')), 'application/json', { 'x-forwarded-for': '203.0.113.77' }), status: 401, code: null, says: /^API key not authorized$/ },
  { route: 'POST tickets.email', label: 'a wrong API key', send: () => osTicket('/tickets.email', 'F'.repeat(64), MAIL, 'message/rfc822'), status: 401, code: null, says: /API key/ },
  { route: 'POST tickets.email', label: 'a key without the scope mail:pipe', send: () => osTicket('/tickets.email', scoped.createOnly, MAIL, 'message/rfc822'), status: 403, code: null, says: /^API key not authorized for mail:pipe/ },
  { route: 'POST tickets.email', label: 'a body that is not an e-mail', send: () => osTicket('/tickets.email', apiKey.key, 'garbage', 'message/rfc822'), status: 400, code: null, says: /not an e-mail/ },
  // Inbound mail, behind the function key.
  { route: 'POST inbound/email', label: 'no function key', send: () => inbound(MAIL, {}), status: 401, code: 'unauthenticated', says: /x-functions-key/ },
  { route: 'POST inbound/email', label: 'a wrong function key', send: () => inbound(MAIL, { 'x-functions-key': 'guessed' }), status: 401, code: 'unauthenticated' },
  { route: 'POST inbound/email', label: 'a body that is not an e-mail', send: () => inbound('garbage', { 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY }), status: 400, code: 'validation_failed', says: /message\/rfc822/ },
  { route: 'POST inbound/email', label: 'JSON instead of an e-mail', send: () => inbound('{}', { 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY, 'content-type': 'application/json' }), status: 415, code: 'unsupported_media_type', says: /message\/rfc822/ },
  // Microsoft Graph's webhook (issue 25): anyone can post to it, so what is not Graph's shape is refused before any read.
  { route: 'POST mail/graph-notifications', label: 'malformed JSON', send: () => graphPost('{"value": [', 'application/json'), status: 400, code: 'validation_failed' },
  { route: 'POST mail/graph-notifications', label: 'no value array', send: () => graphPost('{"notifications": []}', 'application/json'), status: 400, code: 'validation_failed', says: /value/ },
  { route: 'POST mail/graph-notifications', label: 'a notification without its subscription', send: () => graphPost(JSON.stringify({ value: [{ changeType: 'created', resource: 'x' }] }), 'application/json'), status: 400, code: 'validation_failed', says: /subscriptionId/ },
  { route: 'POST mail/graph-notifications', label: 'a form post', send: () => graphPost('value=1', 'application/x-www-form-urlencoded'), status: 415, code: 'unsupported_media_type' },
  { route: 'POST mail/graph-notifications', label: 'a validation token over 4,096 characters', send: () => call('POST', `/mail/graph-notifications?validationToken=${'x'.repeat(5000)}`, { raw: '', headers: { 'content-type': 'text/plain' } }), status: 400, code: 'validation_failed', says: /validationToken/ },
  // The web pages' files.
  { route: 'GET /web/{file}', label: 'a file that is not there', send: () => site('/web/nope.js'), status: 404, code: 'not_found' },
  { route: 'GET /web/{file}', label: 'a path out of the folder', send: () => site('/web/..%2F..%2Fpackage.json'), status: 404, code: 'not_found' },
];

test('every declared route has bad-input cases here, or reads no input at all', () => {
  const covered = new Set([...ROUTES.map((r) => r.route), ...STAFF_ROUTES.map(([r]) => r), ...CASES.map((c) => c.route)]);
  const declared = declaredRoutes();
  expect(declared.length).toBeGreaterThan(50);
  expect(declared.filter((r) => !covered.has(r) && !TAKES_NO_INPUT.includes(r))).toEqual([]);
  // And nothing here names a route that is gone.
  expect([...covered, ...TAKES_NO_INPUT].filter((r) => !declared.includes(r))).toEqual([]);
});

test.each(CASES.map((c) => [`${c.route}: ${c.label}`, c] as const))('%s', async (_name, c) => {
  await expectRefused(c.send, c.status, c.code, c.says);
});

// ------------------------------------------------------------------ content stored as text

/** The header block of every .eml in the outbox whose subject names the ticket, unfolded. */
async function rawHeadersOf(number: string): Promise<string[]> {
  const mails = (await readOutbox(stack.mailOutbox)).filter((m) => m.subject.includes(`[#${number}]`));
  return mails.map((m) => {
    const raw = readFileSync(join(stack.mailOutbox, m.file), 'utf8');
    return raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  });
}

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
    // The requester's auto-response carries nothing they wrote; the agents' alert names the subject, escaped.
    const alertFor = (m: { to: string; subject: string }) => m.to === 'john@example.com' && m.subject.startsWith(`[#${res.body.number}] New ticket`);
    const mail = (await waitForMail(stack.mailOutbox, (all) => all.some(alertFor))).find(alertFor)!;
    expect(mail.html).not.toMatch(/<script|<img/i);
    expect(mail.html).toContain('&lt;script&gt;');
  });

  // The JSON intake refuses CR/LF in one-line fields outright, so nothing reaches a mail header.
  test.each([
    ['name', { name: 'Maria\r\nBcc: victim@example.net' }],
    ['subject', { subject: 'Printer\r\nBcc: victim@example.net' }],
  ])('CR LF in the %s is refused, and nothing stored', async (field, extra) => {
    await expectRefused(() => call('POST', '/tickets', { json: customerBody('inject', { email: `inject-${field}@example.org`, ...extra }) }), 400, 'validation_failed', new RegExp(field));
  });

  // Mail has no such refusal: an RFC 2047 encoded-word From name decodes to any bytes, CR/LF
  // included, and that name goes into the headers of the mails the ticket sends.
  test('CR LF in an inbound mail\'s encoded From name never becomes a header of the mails it causes', async () => {
    const from = `encoded-name-${Date.now()}@example.org`;
    const name = `=?UTF-8?B?${Buffer.from('Maria\r\nBcc: victim@example.net\r\nX-Injected: yes').toString('base64')}?=`;
    const raw = `From: ${name} <${from}>\r\nTo: support@example.com\r\nSubject: Printer jams\r\nMessage-ID: <${Date.now()}.crlf@example.org>\r\n\r\nIt jams.\r\n`;
    const res = await inbound(raw, { 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY });
    expect([res.status, res.body.action]).toEqual([202, 'created']);
    const number = res.body.ticket.number as string;
    const stored = await call('GET', `/staff/tickets/${number}`, { token: admin });
    expect(stored.body.customer.email).toBe(from);
    expect(stored.body.customer.name).not.toMatch(/[\r\n]/);
    // The customer's auto-response and the agents' new-ticket alert both carry the name.
    await waitForMail(stack.mailOutbox, (all) => {
      const sent = all.filter((m) => m.subject.includes(`[#${number}]`));
      return sent.some((m) => m.to === from) && sent.some((m) => m.to.endsWith('@example.com'));
    });
    const headers = await rawHeadersOf(number);
    expect(headers.length).toBeGreaterThanOrEqual(2);
    // The name may show as text inside the quoted display name; it must never start a header line.
    expect(headers.flatMap((h) => h.split(/\r?\n/)).filter((line) => /^(bcc|cc|x-injected):/i.test(line))).toEqual([]);
    expect((await readOutbox(stack.mailOutbox)).filter((m) => m.to.includes('victim@example.net'))).toEqual([]);
  });
});
