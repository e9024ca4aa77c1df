// Limits on anonymous intake (issue 19), over real HTTP against local stacks started with small
// limits. The counters live in Cosmos DB, so two function hosts on the same stores (as two Azure
// instances would be) share them. The form and the API without a key answer 429 with Retry-After
// and the error body; inbound mail answers 202 "rate-limited" (a 429 would make the mail service
// deliver it again); osTicket's maximum open tickets per user refuses a keyed client's ticket too.
import MailComposer from 'nodemailer/lib/mail-composer';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { agentToken, client, startStack, type Stack } from '../support/stack';

const ticket = (email: string) => ({ name: 'Flo Flood', email, topicId: 'other', subject: 'Again', message: 'And again.' });

const mail = async (from: string) =>
  (await new MailComposer({ from, to: 'support@example.com', subject: 'Again', text: 'And again.' }).compile().build()).toString('utf8');

describe('per requester and per client address, shared by every instance', () => {
  let stack: Stack;
  let second: Stack;
  let api: ReturnType<typeof client>;
  let other: ReturnType<typeof client>;
  const env = { INTAKE_MAX_PER_REQUESTER: '3', INTAKE_MAX_PER_CLIENT: '5' };

  beforeAll(async () => {
    stack = await startStack({ env });
    const out = stack.output();
    const cosmos = /Cosmos DB:\s+(\S+)/.exec(out)![1]!;
    const blob = /Blob Storage: (\S+)/.exec(out)![1]!;
    // A second function host on the same stores, as a second instance in Azure.
    second = await startStack({ env, args: ['--host-only', '--cosmos-endpoint', cosmos, '--servicebus-connection', stack.serviceBus, '--blob-endpoint', blob] });
    api = client(stack.baseUrl);
    other = client(second.baseUrl);
  });
  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  /** One new ticket from `email` through `via`, coming from client address `from`. */
  const open = (via: ReturnType<typeof client>, email: string, from: string) => via.post('/tickets', ticket(email), { headers: { 'x-forwarded-for': from } });

  test('a requester address gets 3 new tickets an hour, across both instances; the 4th is 429 with Retry-After', async () => {
    const statuses = [
      (await open(api, 'flo@example.org', '203.0.113.1')).status,
      (await open(other, 'FLO@example.org', '203.0.113.2')).status,
      (await open(api, 'flo@example.org', '203.0.113.3')).status,
    ];
    const refused = await open(other, 'flo@example.org', '203.0.113.4');
    expect([...statuses, refused.status]).toEqual([201, 201, 201, 429]);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: [] });
    expect(refused.body.error.message).toMatch(/^Too many new tickets from this e-mail address: at most 3 an hour; try again in \d+ minutes$/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter >= 1 && retryAfter <= 3600).toBe(true);
    expect((await open(api, 'someone-else@example.org', '203.0.113.5')).status).toBe(201);
  });

  test('a client address gets 5 new tickets an hour whatever the addresses; loopback callers are not counted by default', async () => {
    const from = '198.51.100.9';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await open(i % 2 ? other : api, `visitor${i}@example.org`, `${from}, 10.0.0.1`)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect((await open(api, 'visitor9@example.org', from)).body.error.message).toMatch(/your network address: at most 5 an hour/);
    const loopback: number[] = [];
    for (let i = 0; i < 6; i++) loopback.push((await open(api, `local${i}@example.org`, '127.0.0.1')).status);
    expect(loopback).toEqual([201, 201, 201, 201, 201, 201]);
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
