// Intake and customer follow-up over real HTTP: what a customer's form or script meets.
import { agentToken, client, startStack, type Stack } from '../support/stack';
import { allTickets } from '../support/tickets';
import { emailedToken } from '../support/mail';

let stack: Stack;
let api: ReturnType<typeof client>;
const ticket = { name: 'Maria Customer', email: 'Maria@Example.org', topicId: 'password-reset', subject: 'Locked out', message: 'I cannot sign in.' };

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
});
afterAll(() => stack.stop());

async function openCount(): Promise<number> {
  return (await allTickets(api, await agentToken('admin@example.com'), ['open'])).length;
}

test('the form lists only public topics', async () => {
  const res = await api.get('/topics');
  expect(res.status).toBe(200);
  expect(res.body.topics.map((t: { name: string }) => t.name)).not.toContain('Staff Escalation');
  expect(res.body.topics).toContainEqual({ id: 'password-reset', name: 'Password Reset' });
});

test('a new ticket answers 201 with its number, status, access token and due time', async () => {
  const res = await api.post('/tickets', ticket);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ number: expect.stringMatching(/^\d{6}$/), status: 'open', accessToken: expect.any(String), dueAt: expect.any(String) });
  expect(res.headers.get('location')).toBe(`/api/tickets/${res.body.number}`);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const view = await api.get(`/tickets/${res.body.number}`, { token: res.body.accessToken });
  expect(view.body).toMatchObject({ subject: 'Locked out', customer: { email: 'maria@example.org' }, thread: [{ type: 'message', body: 'I cannot sign in.' }] });
});

test('the access token opens only its own ticket', async () => {
  const a = (await api.post('/tickets', ticket)).body;
  const b = (await api.post('/tickets', ticket)).body;
  const crossed = await api.get(`/tickets/${b.number}`, { token: a.accessToken });
  expect(crossed.status).toBe(404);
  expect(crossed.body.error.message).toBe(`There is no ticket #${b.number} for this access token`);
  expect((await api.post(`/tickets/${b.number}/messages`, { message: 'hijack' }, { token: a.accessToken })).status).toBe(404);
  const none = await api.get(`/tickets/${a.number}`);
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toBe('Bearer');
  const view = await api.get(`/tickets/${b.number}`, { token: b.accessToken });
  expect(view.body.thread).toHaveLength(1);
});

test('a retry with the same Idempotency-Key returns the same ticket and token, never a second ticket', async () => {
  const before = await openCount();
  const headers = { 'idempotency-key': 'form-7f3a-0001' };
  const first = await api.post('/tickets', ticket, { headers });
  const retry = await api.post('/tickets', ticket, { headers });
  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect(retry.body).toEqual(first.body);
  expect(await openCount()).toBe(before + 1);
});

test('concurrent retries with one Idempotency-Key create exactly one ticket', async () => {
  const before = await openCount();
  const headers = { 'idempotency-key': 'burst-0001' };
  const results = await Promise.all(Array.from({ length: 12 }, () => api.post('/tickets', ticket, { headers })));
  expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
  expect(new Set(results.map((r) => r.body.number)).size).toBe(1);
  expect(new Set(results.map((r) => r.body.accessToken)).size).toBe(1);
  expect(await openCount()).toBe(before + 1);
});

test('an Idempotency-Key reused for a different ticket is refused', async () => {
  const headers = { 'idempotency-key': 'reused-0001' };
  expect((await api.post('/tickets', ticket, { headers })).status).toBe(201);
  const other = await api.post('/tickets', { ...ticket, subject: 'Something else' }, { headers });
  expect(other.status).toBe(409);
  expect(other.body.error.code).toBe('idempotency_key_reused');
});

test('a customer reply to a resolved ticket reopens it', async () => {
  const t = (await api.post('/tickets', ticket)).body;
  const john = await agentToken('john@example.com');
  await api.post(`/staff/tickets/${t.number}/replies`, { message: 'Unlocked.', status: 'resolved' }, { token: john });
  // The customer follows the link from the auto-response (it proves the address; the 201 token alone would not show the reply).
  const token = await emailedToken(stack.mailOutbox, t.number);
  expect((await api.get(`/tickets/${t.number}`, { token })).body.status).toBe('resolved');
  const reply = await api.post(`/tickets/${t.number}/messages`, { message: 'Locked again.' }, { token });
  expect(reply.status).toBe(201);
  expect(reply.body.status).toBe('open');
  expect(reply.body.thread.map((e: { type: string }) => e.type)).toEqual(['message', 'response', 'message']);
});

test('the 201 token alone shows the customer\'s own messages and the status; the agents\' reply waits for the e-mailed link', async () => {
  const t = (await api.post('/tickets', ticket)).body;
  await api.post(`/staff/tickets/${t.number}/replies`, { message: 'Your new PIN is on its way.' }, { token: await agentToken('john@example.com') });
  const seen = (await api.get(`/tickets/${t.number}`, { token: t.accessToken })).body;
  expect(seen).toMatchObject({ status: 'open', addressVerified: false, repliesHidden: 1 });
  expect(seen.thread.map((e: { type: string }) => e.type)).toEqual(['message']);
  // Agents see that the address is not proved yet.
  expect((await api.get(`/staff/tickets/${t.number}`, { token: await agentToken('admin@example.com') })).body.addressVerifiedAt).toBeNull();
  const emailed = await emailedToken(stack.mailOutbox, t.number);
  expect(emailed).not.toBe(t.accessToken);
  expect((await api.get(`/tickets/${t.number}`, { token: emailed })).body).toMatchObject({ addressVerified: true, repliesHidden: 0, thread: [{ type: 'message' }, { type: 'response' }] });
  expect((await api.get(`/tickets/${t.number}`, { token: t.accessToken })).body.addressVerified).toBe(true);
});
