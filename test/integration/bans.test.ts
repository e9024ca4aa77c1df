// The ban list through HTTP (issue 19): an administrator bans an address and a whole domain with
// a note, audited like every directory change; then every way in refuses those senders and stores
// nothing: the ticket form and osTicket's API answer 403 "Ticket denied" (osTicket's words),
// inbound mail 202 "rejected", osTicket's mail piping 201 with an empty body. Lifting the ban
// lets the sender in again.
import { readdirSync } from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { agentToken, client, startStack, type Stack } from '../support/stack';
import { allTickets } from '../support/tickets';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let apiKey: string;

const bans = `/${ADMIN_ROUTE}/bans`;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  admin = await agentToken('admin@example.com');
  apiKey = (await api.post(`/${ADMIN_ROUTE}/api-keys`, { name: 'Bans test', allowedIps: [] }, { token: admin })).body.key;
});
afterAll(() => stack.stop());

const form = (email: string) => ({ name: 'Sam Sender', email, topicId: 'other', subject: 'Cheap watches', message: 'Buy now.' });

const raw = async (from: string, subject = 'Cheap watches') =>
  (await new MailComposer({ from, to: 'support@example.com', subject, text: 'Buy now.' }).compile().build()).toString('utf8');

/** Every way a stranger can open a ticket, each answering status and body as text. */
async function everyWayIn(email: string): Promise<Record<string, string>> {
  const tickets = await api.post('/tickets', form(email));
  const osTicket = await fetch(`${stack.baseUrl}/tickets.json`, { method: 'POST', headers: { 'X-API-Key': apiKey }, body: JSON.stringify({ ...form(email), topicId: 10 }) });
  const inbound = await api.call('POST', '/inbound/email', {
    raw: await raw(email),
    headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY },
  });
  const piped = await fetch(`${stack.baseUrl}/tickets.email`, { method: 'POST', headers: { 'X-API-Key': apiKey }, body: await raw(email, 'Piped watches') });
  return {
    form: `${tickets.status} ${JSON.stringify(tickets.body)}`,
    osTicket: `${osTicket.status} ${await osTicket.text()}`,
    inbound: `${inbound.status} ${JSON.stringify(inbound.body)}`,
    piped: `${piped.status} ${piped.headers.get('x-helpdesk-action')} "${await piped.text()}"`,
  };
}

const DENIED = {
  form: `403 ${JSON.stringify({ error: { code: 'forbidden', message: 'Ticket denied', details: [] } })}`,
  osTicket: '403 Ticket denied',
  inbound: `202 ${JSON.stringify({ ticket: null, action: 'rejected', reason: 'the sender is banned' })}`,
  piped: '201 rejected ""',
};

test('an administrator bans an address and a domain; the list, the entry, a note change and the audit trail', async () => {
  const created = await api.post(bans, { name: ' Spammer@Example.NET ', note: 'sent 40 tickets about watches' }, { token: admin });
  expect(created.status).toBe(201);
  expect(created.body).toEqual({ kind: 'ban', id: 'spammer-example-net', name: 'spammer@example.net', note: 'sent 40 tickets about watches' });
  expect(created.headers.get('location')).toBe(`/api/${ADMIN_ROUTE}/bans/spammer-example-net`);
  expect((await api.post(bans, { name: 'junk.example' }, { token: admin })).body).toMatchObject({ id: 'junk-example', name: 'junk.example', note: '' });
  expect((await api.post(bans, { name: 'spammer@example.net' }, { token: admin })).status).toBe(409);
  const bad = await api.post(bans, { name: 'not an address' }, { token: admin });
  expect([bad.status, bad.body.error.details[0].path]).toEqual([400, 'name']);

  expect((await api.get(bans, { token: admin })).body.bans.map((b: { name: string }) => b.name)).toEqual(['junk.example', 'spammer@example.net']);
  expect((await api.patch(`${bans}/junk-example`, { note: 'a domain of throwaways' }, { token: admin })).body.note).toBe('a domain of throwaways');
  expect((await api.patch(`${bans}/junk-example`, { name: 'other.example' }, { token: admin })).status).toBe(400);
  expect((await api.get(`${bans}/junk-example`, { token: admin })).body.note).toBe('a domain of throwaways');

  const audit = (await api.get(`/${ADMIN_ROUTE}/audit?kind=ban`, { token: admin })).body.items as { action: string; entityId: string }[];
  expect(audit.map((a) => `${a.action} ${a.entityId}`)).toEqual(['update junk-example', 'create junk-example', 'create spammer-example-net']);
});

test('a banned address, and anyone at a banned domain or its subdomains, is refused every way in, and nothing is stored', async () => {
  const before = (await allTickets(api, admin)).length;
  const mailBefore = readdirSync(stack.mailOutbox).length;
  const answers = {
    address: await everyWayIn('SPAMMER@example.net'),
    domain: await everyWayIn('anyone@junk.example'),
    subdomain: await everyWayIn('someone@mail.junk.example'),
  };
  expect(answers).toEqual({ address: DENIED, domain: DENIED, subdomain: DENIED });
  expect((await allTickets(api, admin)).length).toBe(before);
  expect(readdirSync(stack.mailOutbox).length).toBe(mailBefore);
});

test('a neighbour of a banned address or domain gets in, and so does the sender once the ban is lifted', async () => {
  expect((await api.post('/tickets', form('other@example.net'))).status).toBe(201);
  expect((await api.post('/tickets', form('someone@notjunk.example'))).status).toBe(201);
  const lifted = await api.call('DELETE', `${bans}/spammer-example-net`, { token: admin });
  expect(lifted.status).toBe(204);
  expect((await api.post('/tickets', form('spammer@example.net'))).status).toBe(201);
  const audit = (await api.get(`/${ADMIN_ROUTE}/audit?kind=ban&id=spammer-example-net`, { token: admin })).body.items as { action: string }[];
  expect(audit.map((a) => a.action)).toEqual(['delete', 'create']);
});
