// Bad input gets a clear error, the right status, and changes nothing.
import { SignJWT } from 'jose';
import { agentToken, client, startStack, type Stack } from '../support/stack';
import { allTickets } from '../support/tickets';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let john: string;
let jane: string;
const valid = { name: 'Maria Customer', email: 'maria@example.org', topicId: 'other', subject: 'Printer jam', message: 'Paper everywhere.' };

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  [admin, john, jane] = await Promise.all(['admin@example.com', 'john@example.com', 'jane@example.com'].map(agentToken)) as [string, string, string];
});
afterAll(() => stack.stop());

async function ticketCount(): Promise<number> {
  return (await allTickets(api, admin)).length;
}

describe('intake refuses bad input and stores nothing', () => {
  const cases: [string, { raw?: string; body?: unknown; headers?: Record<string, string> }, number, string, RegExp][] = [
    ['malformed JSON', { raw: '{"name": "Maria",', headers: { 'content-type': 'application/json' } }, 400, 'validation_failed', /not valid JSON/],
    ['an empty body', { raw: '', headers: { 'content-type': 'application/json' } }, 400, 'validation_failed', /not valid JSON/],
    ['a JSON array', { body: [valid] }, 400, 'validation_failed', /Invalid body/],
    ['a form post instead of JSON', { raw: 'name=Maria', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type', /Content-Type: application\/json/],
    ['an unknown field', { body: { ...valid, isAdmin: true } }, 400, 'validation_failed', /Unrecognized key: "isAdmin"/],
    ['a wrong type', { body: { ...valid, subject: 42 } }, 400, 'validation_failed', /subject: subject must be a string/],
    ['a missing field', { body: { ...valid, message: undefined } }, 400, 'validation_failed', /message/],
    ['an over-long subject', { body: { ...valid, subject: 's'.repeat(256) } }, 400, 'validation_failed', /subject must be at most 255 characters/],
    ['an over-long message', { body: { ...valid, message: 'm'.repeat(100_001) } }, 400, 'validation_failed', /message must be at most 100,000 characters/],
    ['an invalid e-mail', { body: { ...valid, email: 'maria at example' } }, 400, 'validation_failed', /email must be a valid e-mail address/],
    ['an unknown priority', { body: { ...valid, priority: 'urgent' } }, 400, 'validation_failed', /priority/],
    ['an unknown topic', { body: { ...valid, topicId: 'space-travel' } }, 400, 'validation_failed', /Unknown help topic 'space-travel'/],
    ['a staff-only topic', { body: { ...valid, topicId: 'staff-escalation' } }, 400, 'validation_failed', /not open to customers/],
    // The body may be large (files ride in it); the message itself is held to its own limit.
    ['a message over 100,000 characters', { raw: JSON.stringify({ ...valid, message: 'x'.repeat(600_000) }), headers: { 'content-type': 'application/json' } }, 400, 'validation_failed', /message/],
    ['header injection in the subject', { body: { ...valid, subject: 'Hi\r\nBcc: victim@example.com' } }, 400, 'validation_failed', /subject must be a single line without control characters/],
    ['a line break in the name', { body: { ...valid, name: 'Maria\nX-Evil: 1' } }, 400, 'validation_failed', /name must be a single line/],
    ['control characters in the message', { body: { ...valid, message: 'bell \u0007 and NUL \u0000' } }, 400, 'validation_failed', /message must not contain control characters/],
    ['a bad Idempotency-Key', { body: valid, headers: { 'idempotency-key': 'has spaces in it' } }, 400, 'validation_failed', /Idempotency-Key/],
  ];

  test.each(cases)('%s', async (_label, init, status, code, message) => {
    const before = await ticketCount();
    const res = await api.call('POST', '/tickets', init);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await ticketCount()).toBe(before);
  });
});

describe('staff authentication', () => {
  const forged = () =>
    new SignJWT({ email: 'admin@example.com' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('helpdesk-local')
      .setAudience('helpdesk-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('an-attacker-guessing-the-secret-wrongly'));

  test('no token, garbage, a forged or expired token: 401', async () => {
    expect((await api.get('/staff/me')).status).toBe(401);
    expect((await api.get('/staff/me', { token: 'not-a-jwt' })).status).toBe(401);
    expect((await api.get('/staff/me', { token: await forged() })).status).toBe(401);
    const { issueDevToken } = await import('../../shared/auth/jwt');
    const { LOCAL_DEFAULTS } = await import('../../local/settings');
    const expired = await issueDevToken(LOCAL_DEFAULTS.DEV_TOKEN_SECRET, 'admin@example.com', -60);
    const res = await api.get('/staff/me', { token: expired });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  test('a valid token for someone who is not an agent: 403', async () => {
    const res = await api.get('/staff/me', { token: await agentToken('stranger@example.com') });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/No agent account for stranger@example.com/);
  });

  // "At once" within the instance that made the change (its cache is cleared by the write); other
  // instances follow within the directory cache's 10 s TTL (test/unit/app/cached-directory.test.ts).
  test('a disabled agent is refused at once by the instance that disabled them, and the last admin cannot be removed', async () => {
    expect((await api.patch('/admin/agents/john', { active: false }, { token: admin })).status).toBe(200);
    expect((await api.get('/staff/me', { token: john })).status).toBe(403);
    expect((await api.patch('/admin/agents/john', { active: true }, { token: admin })).status).toBe(200);
    expect((await api.get('/staff/me', { token: john })).status).toBe(200);
    const last = await api.patch('/admin/agents/admin', { isAdmin: false }, { token: admin });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toMatch(/last active administrator/);
    expect((await api.patch('/admin/agents/jane', { roleId: 'all-access' }, { token: john })).status).toBe(403);
    expect((await api.patch('/admin/agents/jane', { roleId: 'no-such-role' }, { token: admin })).status).toBe(400);
  });
});

describe('staff actions refused change nothing', () => {
  let number: string;
  let etag: string;

  beforeAll(async () => {
    number = (await api.post('/tickets', valid)).body.number;
  });
  beforeEach(async () => {
    etag = (await api.get(`/staff/tickets/${number}`, { token: admin })).headers.get('etag')!;
  });
  afterEach(async () => {
    expect((await api.get(`/staff/tickets/${number}`, { token: admin })).headers.get('etag')).toBe(etag);
  });

  const patch = (body: unknown, token = john, headers: Record<string, string> = {}) => api.patch(`/staff/tickets/${number}`, body, { token, headers });

  test('an agent outside the department: 403', async () => {
    expect((await api.get(`/staff/tickets/${number}`, { token: jane })).status).toBe(403);
    const res = await patch({ priority: 'high' }, jane);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Jane Doe has no access to the Support department');
    expect((await api.post(`/staff/tickets/${number}/notes`, { message: 'x' }, { token: jane })).status).toBe(403);
  });

  test('unknown fields, empty changes, wrong values: 400', async () => {
    expect((await patch({ colour: 'red' })).status).toBe(400);
    expect((await patch({})).body.error.message).toMatch(/send at least one of/);
    expect((await patch({ status: 'on-hold' })).status).toBe(400);
    expect((await patch({ dueAt: 'tomorrow' })).body.error.message).toMatch(/ISO 8601/);
    expect((await patch({ dueAt: '2020-01-01T00:00:00Z' })).body.error.message).toBe('The due time must be in the future');
    expect((await patch({ slaPlanId: 'sev-z' })).body.error.message).toBe("Unknown SLA plan 'sev-z'");
  });

  test('assigning to an agent who cannot see the department: 400 with the reason', async () => {
    const res = await patch({ assigneeId: 'jane' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: 'Jane Doe cannot be assigned: no access to the Support department', details: [{ path: 'assigneeId' }] });
  });

  test('a stale If-Match: 412', async () => {
    const res = await patch({ priority: 'high' }, john, { 'if-match': '"00000000-0000-0000-0000-000000000000"' });
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe('precondition_failed');
  });

  test('an impossible transition: 409', async () => {
    const closed = (await api.post('/tickets', valid)).body.number;
    await api.patch(`/staff/tickets/${closed}`, { status: 'closed' }, { token: john });
    const res = await api.patch(`/staff/tickets/${closed}`, { status: 'resolved' }, { token: john });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'invalid_transition', message: 'A closed ticket cannot become resolved' });
  });

  test('bad ticket numbers and unknown tickets', async () => {
    expect((await api.get('/staff/tickets/abc', { token: john })).status).toBe(400);
    expect((await api.get('/staff/tickets/000001', { token: john })).status).toBe(404);
  });
});

describe('queues and routes', () => {
  test('bad queue parameters: 400; a department the agent cannot see: 403', async () => {
    expect((await api.get('/staff/tickets?queue=everything', { token: john })).status).toBe(400);
    expect((await api.get('/staff/tickets?limit=0', { token: john })).status).toBe(400);
    expect((await api.get('/staff/tickets?cursor=bm9wZQ', { token: john })).body.error.message).toMatch(/cursor/);
    expect((await api.get('/staff/tickets?department=sysadmin', { token: john })).status).toBe(403);
  });

  test('a cursor from one queue does not page another', async () => {
    for (let i = 0; i < 3; i++) await api.post('/tickets', valid);
    const page = (await api.get('/staff/tickets?queue=open&limit=1', { token: john })).body;
    expect(page.nextCursor).toEqual(expect.any(String));
    const misuse = await api.get(`/staff/tickets?queue=unassigned&limit=1&cursor=${page.nextCursor}`, { token: john });
    expect(misuse.status).toBe(400);
    expect(misuse.body.error.message).toMatch(/another queue/);
  });

  test('an unknown route is a JSON 404', async () => {
    const res = await api.get('/nothing/here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

test('text is stored exactly as given and served only as JSON', async () => {
  const subject = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const created = (await api.post('/tickets', { ...valid, subject, message: subject })).body;
  const res = await api.get(`/tickets/${created.number}`, { token: created.accessToken });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body.subject).toBe(subject);
  expect(res.body.thread[0].body).toBe(subject);
});
