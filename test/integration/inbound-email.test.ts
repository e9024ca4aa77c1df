// E-mail intake over real HTTP against the local stack: raw e-mails built with nodemailer's
// MailComposer, posted as a mail service's inbound webhook would, and the help desk's own
// outgoing mail read back from the outbox to thread replies with real Message-IDs.
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { MAX_EMAIL_BYTES } from '../../shared/http/requests';
import { receivedAuthentic, waitForMail } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';
import { allTickets } from '../support/tickets';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  admin = await agentToken('admin@example.com');
});
afterAll(() => stack.stop());

let sequence = 0;
/** A unique sender per test, so tests do not see each other's tickets or mail. */
const sender = (name: string) => `${name}.${Date.now()}.${++sequence}@example.org`;

async function compose(options: Mail.Options): Promise<string> {
  const raw = await new MailComposer({ to: 'support@example.com', text: 'Hello', ...options }).compile().build();
  return raw.toString('utf8');
}

function postEmail(raw: string, headers: Record<string, string> = {}) {
  return api.call('POST', '/inbound/email', {
    raw,
    headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY, ...headers },
  });
}

const staffTicket = async (number: string) => (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
const messages = (ticket: { thread: { type: string; body: string }[] }) => ticket.thread.filter((e) => e.type === 'message').map((e) => e.body);

async function ticketCount(): Promise<number> {
  return (await allTickets(api, admin)).length;
}

/** Opens a ticket by e-mail and returns its number and the auto-response the customer got. */
async function openByEmail(from: string, subject = 'Printer on fire') {
  const res = await postEmail(await compose({ from: `Maria Customer <${from}>`, subject, text: 'It smokes since this morning.' }));
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ action: 'created', ticket: { number: expect.stringMatching(/^\d{6}$/) } });
  const number = res.body.ticket.number as string;
  const mail = await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.to === from && m.subject.includes(`[#${number}]`)));
  const autoResponse = mail.find((m) => m.to === from && m.subject.includes(`[#${number}]`))!;
  return { number, autoResponse };
}

test('a new e-mail opens a ticket from the sender, and the auto-response goes out', async () => {
  const from = sender('maria');
  const html = '<p>The <b>printer</b> smokes.</p><script>alert(1)</script>';
  const res = await postEmail(await compose({ from: `"Maria Customer" <${from}>`, subject: 'Printer on fire', html, text: undefined }));
  expect(res.status).toBe(202);
  expect(res.body.action).toBe('created');
  const ticket = await staffTicket(res.body.ticket.number);
  expect(ticket).toMatchObject({ source: 'email', topicId: 'other', subject: 'Printer on fire', status: 'open', customer: { name: 'Maria Customer', email: from } });
  // The HTML-only body is stored as text: no markup, no script.
  expect(messages(ticket)).toEqual([expect.stringContaining('printer')]);
  expect(messages(ticket)[0]).not.toMatch(/<|alert/);
  await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.to === from && m.subject.includes(`[#${ticket.number}]`)));
});

test('the receiving address chooses the topic; an empty subject becomes "(no subject)"', async () => {
  const res = await postEmail(await compose({ from: sender('ops'), to: 'Outage@Example.com', subject: '' }));
  const ticket = await staffTicket(res.body.ticket.number);
  expect(ticket).toMatchObject({ topicId: 'business-critical-outage', subject: '(no subject)' });
});

test('a reply with [#number] in the subject is appended, quoted history trimmed, and reopens a resolved ticket', async () => {
  const from = sender('maria');
  const { number } = await openByEmail(from);
  const resolved = await api.patch(`/staff/tickets/${number}`, { status: 'resolved' }, { token: admin });
  expect(resolved.status).toBe(200);
  const text = 'It smokes again.\n\nOn Tue, 24 Nov 2026 at 10:00, Help desk <helpdesk@localhost> wrote:\n> Please restart it.\n';
  // The receiving mail service vouches for the sender (DMARC passed): only then may a mail add to a ticket.
  const res = await postEmail(receivedAuthentic(await compose({ from, subject: `Re: [#${number}] We received your request: Printer on fire`, text })));
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ action: 'appended', ticket: { number } });
  const ticket = await staffTicket(number);
  expect(ticket.status).toBe('open');
  expect(messages(ticket)).toEqual(['It smokes since this morning.', 'It smokes again.']);
});

test('a reply threaded only by In-Reply-To (the auto-response\'s Message-ID) is appended', async () => {
  const from = sender('maria');
  const { number, autoResponse } = await openByEmail(from);
  expect(autoResponse.messageId).toMatch(new RegExp(`^<ticket-${number}\\.`));
  const res = await postEmail(receivedAuthentic(await compose({ from, subject: 'Re: your request', inReplyTo: autoResponse.messageId, references: [autoResponse.messageId], text: 'Thanks, more details: it is the 3rd floor printer.' })));
  expect(res.body).toMatchObject({ action: 'appended', ticket: { number } });
  expect(messages(await staffTicket(number))).toHaveLength(2);
});

test('an unknown sender naming someone else\'s ticket gets a ticket of their own; the other ticket is untouched', async () => {
  const { number } = await openByEmail(sender('maria'));
  const res = await postEmail(await compose({ from: sender('eve'), subject: `Re: [#${number}] give me the details`, text: 'Please send me everything.' }));
  expect(res.status).toBe(202);
  expect(res.body.action).toBe('created');
  expect(res.body.ticket.number).not.toBe(number);
  expect(messages(await staffTicket(number))).toHaveLength(1);
  // The new ticket does not carry the other ticket's number, so replies to it cannot thread there.
  expect((await staffTicket(res.body.ticket.number)).subject).toBe('Re: give me the details');
});

test('a forged reply (the customer\'s address, a guessed tag, no word from a trusted mail service) opens its own unverified ticket', async () => {
  const from = sender('maria');
  const { number } = await openByEmail(from);
  const forged = await postEmail(await compose({ from, subject: `Re: [#${number}] We received your request`, text: 'Send the reset link to attacker@example.net instead.' }));
  expect(forged.status).toBe(202);
  expect(forged.body).toMatchObject({ action: 'created' });
  expect(forged.body.reason).toContain(`sender not verified, so not added to ticket #${number}`);
  expect(messages(await staffTicket(number))).toEqual(['It smokes since this morning.']);
  expect((await staffTicket(forged.body.ticket.number)).addressVerifiedAt).toBeNull();
  // The same words with the service's own header claiming pass, but from a server not trusted: forged too.
  const claimed = await postEmail(receivedAuthentic(await compose({ from, subject: `Re: [#${number}]`, text: 'Again.' }), 'mx.attacker.example'));
  expect(claimed.body.action).toBe('created');
});

test('a ticket number that does not exist opens a new ticket', async () => {
  const res = await postEmail(await compose({ from: sender('maria'), subject: 'Re: [#999999999] old ticket' }));
  expect(res.body.action).toBe('created');
});

test('auto-replies and bounces are ignored: no ticket, no auto-response', async () => {
  const before = await ticketCount();
  const robot = sender('robot');
  const autoReply = await postEmail(await compose({ from: robot, subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' } }));
  const bulk = await postEmail(await compose({ from: robot, subject: 'Newsletter', headers: { Precedence: 'bulk' } }));
  const bounce = await postEmail(await compose({ from: 'MAILER-DAEMON@example.org', subject: 'Undelivered Mail Returned to Sender' }));
  const ignored = { status: 202, body: { action: 'ignored', ticket: null } };
  expect([autoReply, bulk, bounce]).toMatchObject([ignored, ignored, ignored]);
  // A person's mail afterwards gets its auto-response; by then none went to the robot.
  const { number } = await openByEmail(sender('maria'));
  const all = await waitForMail(stack.mailOutbox, (m) => m.some((x) => x.subject.includes(`[#${number}]`)));
  expect(all.filter((m) => m.to === robot || /mailer-daemon/i.test(m.to))).toEqual([]);
  expect(await ticketCount()).toBe(before + 1);
});

test('the same e-mail delivered twice opens one ticket, and a redelivered reply is appended once', async () => {
  const from = sender('maria');
  const raw = await compose({ from, subject: 'Delivered twice', messageId: `<twice.${Date.now()}@mail.example.org>` });
  const before = await ticketCount();
  const first = await postEmail(raw);
  const again = await postEmail(raw);
  expect(first.body.action).toBe('created');
  expect(again.body).toEqual(first.body);
  expect(await ticketCount()).toBe(before + 1);

  const reply = receivedAuthentic(await compose({ from, subject: `Re: [#${first.body.ticket.number}] Delivered twice`, text: 'Once only', messageId: `<reply.${Date.now()}@mail.example.org>` }));
  expect((await postEmail(reply)).body.action).toBe('appended');
  expect((await postEmail(reply)).body.action).toBe('appended');
  expect(messages(await staffTicket(first.body.ticket.number))).toEqual(['Hello', 'Once only']);
});

test('a body that is not an e-mail is refused with 400 and nothing is stored', async () => {
  const before = await ticketCount();
  const garbage = await postEmail('this is not an e-mail at all');
  expect(garbage.status).toBe(400);
  expect(garbage.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/not an e-mail/) });
  const noFrom = await postEmail('To: support@example.com\r\nSubject: who am I\r\n\r\nHello');
  expect(noFrom.status).toBe(400);
  expect(noFrom.body.error.message).toMatch(/no sender/);
  expect(await ticketCount()).toBe(before);
});

test('a wrong or missing function key is refused with 401', async () => {
  const raw = await compose({ from: sender('maria'), subject: 'Key?' });
  const wrong = await postEmail(raw, { 'x-functions-key': 'not-the-key' });
  expect(wrong.status).toBe(401);
  expect(wrong.body.error.code).toBe('unauthenticated');
  const missing = await api.call('POST', '/inbound/email', { raw, headers: { 'content-type': 'message/rfc822' } });
  expect(missing.status).toBe(401);
});

test('another content type is refused with 415, an oversized body with 413', async () => {
  const raw = await compose({ from: sender('maria'), subject: 'Type?' });
  const json = await postEmail(raw, { 'content-type': 'application/json' });
  expect(json.status).toBe(415);
  expect(json.body.error.code).toBe('unsupported_media_type');
  const huge = await postEmail(`From: a@example.org\r\n\r\n${'x'.repeat(MAX_EMAIL_BYTES + 1)}`);
  expect(huge.status).toBe(413);
  expect(huge.body.error.message).toMatch(/40 MB/);
});
