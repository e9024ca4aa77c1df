// Limits on anonymous intake (issue 19), over real HTTP against local stacks started with small
// limits. The counters live in Cosmos DB, so two function hosts on the same stores (as two Azure
// instances would be) share them. The form and the API without a key answer 429 with Retry-After
// and the error body; inbound mail answers 202 "rate-limited" (a 429 would make the mail service
// deliver it again); osTicket's maximum open tickets per user refuses a keyed client's ticket too.
// Clients are told apart by the address the local host writes into `client-ip`, as App Service's
// front end does (issue 18): each test client calls from its own loopback address, and what a
// client writes into X-Forwarded-For or client-ip changes nothing.
import MailComposer from 'nodemailer/lib/mail-composer';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { requestFrom } from '../support/from-address';
import { agentToken, client, startStack, type Stack } from '../support/stack';

const ticket = (email: string) => ({ name: 'Flo Flood', email, topicId: 'other', subject: 'Again', message: 'And again.' });

const mail = async (from: string) =>
  (await new MailComposer({ from, to: 'support@example.com', subject: 'Again', text: 'And again.' }).compile().build()).toString('utf8');

describe('per requester and per client address, shared by every instance', () => {
  let stack: Stack;
  let second: Stack;
  // Every caller here is on loopback: count loopback callers too (not counting them is the default,
  // checked in test/unit/app/intake-limits.test.ts).
  const env = { INTAKE_MAX_PER_REQUESTER: '3', INTAKE_MAX_PER_CLIENT: '5', INTAKE_LIMIT_LOOPBACK: 'true' };

  beforeAll(async () => {
    stack = await startStack({ env });
    const out = stack.output();
    const cosmos = /Cosmos DB:\s+(\S+)/.exec(out)![1]!;
    const blob = /Blob Storage: (\S+)/.exec(out)![1]!;
    // A second function host on the same stores, as a second instance in Azure, with the same secret.
    second = await startStack({
      env: { ...env, HELPDESK_SECRET: stack.helpdeskSecret! },
      args: ['--host-only', '--cosmos-endpoint', cosmos, '--servicebus-connection', stack.serviceBus, '--blob-endpoint', blob],
    });
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  /** One new ticket from `email` through `via`, from the loopback address `from`, with whatever headers the client adds. */
  const open = async (via: Stack, email: string, from: string, headers: Record<string, string> = {}) => {
    const res = await requestFrom(from, `${via.baseUrl}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(ticket(email)) });
    return { status: res.status, body: res.json, retryAfter: res.headers['retry-after'] };
  };

  test('a requester address gets 3 new tickets an hour, across both instances; the 4th is 429 with Retry-After', async () => {
    const statuses = [
      (await open(stack, 'flo@example.org', '127.0.0.11')).status,
      (await open(second, 'FLO@example.org', '127.0.0.12')).status,
      (await open(stack, 'flo@example.org', '127.0.0.13')).status,
    ];
    const refused = await open(second, 'flo@example.org', '127.0.0.14');
    expect([...statuses, refused.status]).toEqual([201, 201, 201, 429]);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: [] });
    expect(refused.body.error.message).toMatch(/^Too many new tickets from this e-mail address: at most 3 an hour; try again in \d+ minutes$/);
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter >= 1 && retryAfter <= 3600).toBe(true);
    expect((await open(stack, 'someone-else@example.org', '127.0.0.15')).status).toBe(201);
  });

  test('a client address gets 5 new tickets an hour whatever the e-mail addresses, across both instances; what it writes in X-Forwarded-For or client-ip changes nothing', async () => {
    const from = '127.0.0.20';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await open(i % 2 ? second : stack, `visitor${i}@example.org`, from)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    // The same client posing as others: still its own address, still over the limit.
    const posing = [
      await open(stack, 'visitor7@example.org', from, { 'x-forwarded-for': '203.0.113.50' }),
      await open(second, 'visitor8@example.org', from, { 'client-ip': '203.0.113.51:4000' }),
    ];
    expect(posing.map((r) => r.status)).toEqual([429, 429]);
    expect(posing[0]!.body.error.message).toMatch(/your network address: at most 5 an hour/);
    // Another client is not held back by it.
    expect((await open(stack, 'visitor9@example.org', '127.0.0.21')).status).toBe(201);
  });

  test('inbound mail over the requester limit answers 202 "rate-limited" and opens nothing', async () => {
    const post = async (via: Stack) =>
      (await client(via.baseUrl).call('POST', '/inbound/email', { raw: await mail('mailer@example.net'), headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY } })).body;
    const answers = [await post(stack), await post(second), await post(stack), await post(second)];
    expect(answers.map((a) => a.action)).toEqual(['created', 'created', 'created', 'rate-limited']);
    expect(answers[3]).toMatchObject({ ticket: null, reason: expect.stringMatching(/^Too many new tickets from this e-mail address/) });
  });
});

describe("osTicket's maximum open tickets per user", () => {
  let stack: Stack;
  let api: ReturnType<typeof client>;
  let admin: string;
  let key: string;

  beforeAll(async () => {
    stack = await startStack({ env: { MAX_OPEN_TICKETS_PER_USER: '2' } });
    api = client(stack.baseUrl);
    admin = await agentToken('admin@example.com');
    key = (await api.post(`/${ADMIN_ROUTE}/api-keys`, { name: 'Limits test', allowedIps: [] }, { token: admin })).body.key;
  });
  afterAll(() => stack?.stop());

  const osTicket = async (email: string) => {
    const res = await fetch(`${stack.baseUrl}/tickets.json`, { method: 'POST', headers: { 'X-API-Key': key }, body: JSON.stringify({ ...ticket(email), topicId: 10 }) });
    return `${res.status} ${await res.text()}`;
  };

  test('a third open ticket is refused, for a keyed client too, until one is closed', async () => {
    const first = await osTicket('busy@example.org');
    expect(first).toMatch(/^201 \d{6}$/);
    expect((await api.post('/tickets', ticket('busy@example.org'))).status).toBe(201);
    expect(await osTicket('busy@example.org')).toBe('409 This e-mail address already has 2 open tickets, the most this help desk allows; reply on one of them instead');
    const form = await api.post('/tickets', ticket('busy@example.org'));
    expect([form.status, form.body.error.code, form.headers.get('retry-after')]).toEqual([409, 'conflict', null]);
    expect(await osTicket('idle@example.org')).toMatch(/^201 /);

    const number = first.split(' ')[1]!;
    expect((await api.patch(`/staff/tickets/${number}`, { status: 'closed' }, { token: admin })).status).toBe(200);
    expect(await osTicket('busy@example.org')).toMatch(/^201 \d{6}$/);
  });
});
