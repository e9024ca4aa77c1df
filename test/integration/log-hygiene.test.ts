// No token, key or message body in any log line (issue 19): a stack run that handles every kind
// of secret and text a help desk sees (the help-desk secret, customer access token, agent token, API key, function key,
// also as Azure's `?code=` query parameter, ticket and e-mail bodies, a reply, a note) and fails
// some requests on purpose, then everything it logged is searched for them.
import MailComposer from 'nodemailer/lib/mail-composer';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

/** Waits until the stack's output stops growing (the notifications and timers have run). */
async function quiet(ms = 1500): Promise<void> {
  let before = -1;
  while (before !== stack.output().length) {
    before = stack.output().length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

test('secrets and bodies never reach the logs', async () => {
  const api = client(stack.baseUrl);
  const admin = await agentToken('admin@example.com');
  // The help-desk secret (issue 18) the stack runs with: never printed, not even at start-up.
  const secrets: Record<string, string> = { agentToken: admin, functionKey: LOCAL_DEFAULTS.INBOUND_EMAIL_KEY, helpdeskSecret: stack.helpdeskSecret! };
  const text = (what: string) => `${what}-body-marker-${Math.random().toString(36).slice(2)}`;

  const ticketBody = (secrets['ticketBody'] = text('ticket'));
  const created = await api.post('/tickets', { name: 'Lou Logs', email: 'lou@example.org', topicId: 'other', subject: 'Logs', message: ticketBody });
  expect(created.status).toBe(201);
  secrets['accessToken'] = created.body.accessToken;
  const number = created.body.number as string;

  secrets['customerReply'] = text('customer-reply');
  await api.post(`/tickets/${number}/messages`, { message: secrets['customerReply'] }, { token: created.body.accessToken });
  secrets['agentReply'] = text('agent-reply');
  await api.post(`/staff/tickets/${number}/replies`, { message: secrets['agentReply'] }, { token: admin });
  secrets['note'] = text('note');
  await api.post(`/staff/tickets/${number}/notes`, { message: secrets['note'] }, { token: admin });

  const key = (await api.post(`/${ADMIN_ROUTE}/api-keys`, { name: 'Logs', allowedIps: [] }, { token: admin })).body.key as string;
  secrets['apiKey'] = key;
  secrets['osTicketBody'] = text('osticket');
  await fetch(`${stack.baseUrl}/tickets.json`, { method: 'POST', headers: { 'X-API-Key': key }, body: JSON.stringify({ name: 'Os', email: 'os@example.org', subject: 'Os', message: secrets['osTicketBody'] }) });
  // A wrong key, and a wrong customer token: refusals must not echo what was sent.
  secrets['wrongKey'] = 'F'.repeat(64);
  await fetch(`${stack.baseUrl}/tickets.json`, { method: 'POST', headers: { 'X-API-Key': secrets['wrongKey'] }, body: '{}' });
  secrets['wrongToken'] = `wrong-${Math.random().toString(36).slice(2)}`;
  await api.get(`/tickets/${number}`, { token: secrets['wrongToken'] });

  secrets['mailBody'] = text('mail');
  const raw = (await new MailComposer({ from: 'mia@example.org', to: 'support@example.com', subject: 'Mail', text: secrets['mailBody'] }).compile().build()).toString('utf8');
  await api.call('POST', `/inbound/email?code=${LOCAL_DEFAULTS.INBOUND_EMAIL_KEY}`, { raw, headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY } });
  await quiet();

  const logs = stack.output();
  expect(logs).toContain(`#${number}`); // the run did log, and by ticket number
  const leaked = Object.entries(secrets).filter(([, value]) => logs.includes(value)).map(([name]) => name);
  expect(leaked).toEqual([]);
});
