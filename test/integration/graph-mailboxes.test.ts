// Microsoft 365 mailboxes through Graph (issue 25), end to end: npm start pointed at the recording
// Graph stand-in (local/graph-server.ts) instead of graph.microsoft.com. An administrator adds the
// mailbox and the help desk subscribes to it at once (the stand-in checks the validation
// handshake); a delivered message is notified, taken into a ticket and moved out of the inbox; the
// notices go out through the mailbox's sendMail from its address, threaded with the customer's
// mail; the customer's reply to a notice lands on the same ticket; lifecycle notifications renew
// or remake the subscription and catch up on what was not notified.
import { simpleParser, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { startGraphStandIn, type GraphStandIn } from '../../local/graph-server';
import { PROCESSED_FOLDER } from '../../shared/domain/mailbox-fetch';
import { eventually } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';
import { allTickets, type ListedTicket } from '../support/tickets';

const MAILBOX = 'support@contoso.com';
/** What Exchange Online stamps on top of a message it received and authenticated: no authserv-id. */
const exchangeAuthenticated = (raw: string, domain: string) =>
  `Authentication-Results: spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=${domain}; dkim=pass (signature was verified) header.d=${domain};dmarc=pass action=none header.from=${domain};compauth=pass reason=100\r\n${raw}`;

describe('a Microsoft 365 mailbox through Graph', () => {
  let graph: GraphStandIn;
  let stack: Stack;
  let api: ReturnType<typeof client>;
  let admin: string;

  beforeAll(async () => {
    graph = await startGraphStandIn({ retryDelaysMs: [100, 300] });
    stack = await startStack({ env: { GRAPH_BASE_URL: graph.url } });
    api = client(stack.baseUrl);
    admin = await agentToken('admin@example.com');
  });
  afterAll(async () => {
    await stack?.stop();
    await graph?.close();
  });

  const compose = async (options: Mail.Options) => (await new MailComposer({ to: MAILBOX, ...options }).compile().build()).toString('utf8');
  const sentTo = (address: string, subjectPart: string) =>
    eventually(
      async () => Promise.all(graph.sent.filter((s) => s.kind === 'mime').map(async (s) => ({ mailbox: s.mailbox, mail: await simpleParser(s.mime) }))),
      (all) => all.some(({ mail }) => addresses(mail.to).includes(address) && (mail.subject ?? '').includes(subjectPart)),
      15_000,
    ).then((all) => all.filter(({ mail }) => addresses(mail.to).includes(address) && (mail.subject ?? '').includes(subjectPart)));
  const ticketsOf = async (email: string) => ((await allTickets(api, admin)) as (ListedTicket & { customer: { email: string } })[]).filter((t) => t.customer.email === email);

  test('an administrator adds the mailbox: the help desk subscribes at once, with a clientState and immutable ids', async () => {
    const created = await api.post('/admin/mailboxes', { name: 'Contoso support', address: MAILBOX, topicId: 'other', fetch: { method: 'graph' } }, { token: admin });
    expect(created.status).toBe(201);
    const [subscription] = graph.subscriptions();
    expect(subscription).toMatchObject({
      mailbox: MAILBOX,
      changeType: 'created',
      immutableIds: true,
      notificationUrl: expect.stringMatching(/\/api\/mail\/graph-notifications$/),
      lifecycleNotificationUrl: expect.stringMatching(/\/api\/mail\/graph-notifications$/),
      clientState: expect.stringMatching(/^contoso-support\.[A-Za-z0-9_-]{43}$/),
    });
    // Asked for three days, within Graph's 10,080-minute ceiling for messages.
    const days = (Date.parse(subscription!.expirationDateTime) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThan(3.1);
    const status = (await api.get(`/admin/mailboxes/${created.body.id}`, { token: admin })).body.status;
    expect(status).toMatchObject({ subscription: { id: subscription!.id, expiresAt: subscription!.expirationDateTime }, taken: 0 });
  });

  test("a notified message becomes a ticket before the webhook answers; the auto-response leaves through the mailbox's sendMail, threaded", async () => {
    const from = `lena.${Date.now()}@example.org`;
    const raw = await compose({ from: `Lena Customer <${from}>`, subject: 'Scanner jammed', text: 'The scanner on floor 2 eats every page.', messageId: `<first.${Date.now()}@example.org>` });
    const { immutableId, notified } = await graph.deliver(MAILBOX, raw);
    expect(notified).toEqual([202]);
    // Taken before the answer: the ticket exists and the message left the inbox for the processed folder.
    const [ticket] = await ticketsOf(from);
    expect(ticket).toBeDefined();
    expect(graph.folder(MAILBOX, 'Inbox')).toEqual([]);
    expect(graph.folder(MAILBOX, PROCESSED_FOLDER).map((m) => m.immutableId)).toEqual([immutableId]);
    const staff = (await api.get(`/staff/tickets/${ticket!.number}`, { token: admin })).body;
    expect(staff).toMatchObject({ source: 'email', topicId: 'other', customer: { email: from } });

    const { mailbox, mail } = (await sentTo(from, `[#${ticket!.number}]`))[0]!;
    expect(mailbox).toBe(MAILBOX);
    expect(addresses(mail.from)).toEqual([MAILBOX]);
    expect(addresses(mail.replyTo)).toEqual([MAILBOX]);
    const customerMessageId = /Message-ID: (<[^>]+>)/i.exec(raw)![1]!;
    expect(mail.inReplyTo).toBe(customerMessageId);
    expect(references(mail)).toEqual([`<ticket-${ticket!.number}.thread@localhost>`, customerMessageId]);
    // Graph's sendMail took MIME (the JSON form would refuse these headers), with the token the stand-in saw.
    const send = graph.requests.find((r) => r.method === 'POST' && r.path.endsWith('/sendMail'))!;
    expect(send.headers['content-type']).toMatch(/^text\/plain/);
    expect(send.headers['authorization']).toMatch(/^Bearer \S+/);
  });

  test("the customer's reply to the notice threads back to the ticket; the agent's answer goes out from the mailbox, answering it", async () => {
    const from = `omar.${Date.now()}@example.org`;
    await graph.deliver(MAILBOX, await compose({ from: `Omar <${from}>`, subject: 'VPN drops', text: 'Every ten minutes.' }));
    const [ticket] = await ticketsOf(from);
    const notice = (await sentTo(from, 'We received your request'))[0]!.mail;

    const replyId = `<reply.${Date.now()}@example.org>`;
    const reply = await compose({ from: `Omar <${from}>`, subject: `Re: ${notice.subject}`, inReplyTo: notice.messageId!, references: [notice.messageId!], messageId: replyId, text: 'Also on the wired network.' });
    expect((await graph.deliver(MAILBOX, exchangeAuthenticated(reply, 'example.org'))).notified).toEqual([202]);
    const thread = (await api.get(`/staff/tickets/${ticket!.number}`, { token: admin })).body.thread as { type: string; body: string }[];
    expect(thread.filter((e) => e.type === 'message').map((e) => e.body)).toEqual(['Every ten minutes.', 'Also on the wired network.']);
    expect(await ticketsOf(from)).toHaveLength(1);

    const staff = await api.get(`/staff/tickets/${ticket!.number}`, { token: admin });
    const answered = await api.post(`/staff/tickets/${ticket!.number}/replies`, { message: 'Please update the VPN client.' }, { token: admin, headers: { 'if-match': staff.headers.get('etag')! } });
    expect(answered.status).toBe(201);
    const { mailbox, mail } = (await sentTo(from, `[#${ticket!.number}] VPN drops`))[0]!;
    expect(mailbox).toBe(MAILBOX);
    expect(addresses(mail.from)).toEqual([MAILBOX]);
    expect(mail.text).toContain('Please update the VPN client.');
    expect(mail.inReplyTo).toBe(replyId);
    expect(references(mail)).toContain(replyId);
  });

  test('a notification delivered twice takes the message once; a forged one is ignored', async () => {
    const from = `kim.${Date.now()}@example.org`;
    const subscription = graph.subscriptions()[0]!;
    const { immutableId } = await graph.deliver(MAILBOX, await compose({ from, subject: 'Printer offline', text: 'Since Monday.' }));
    const again = await fetch(subscription.notificationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [{ subscriptionId: subscription.id, clientState: subscription.clientState, changeType: 'created', resource: `Users/x/Messages/${immutableId}`, resourceData: { id: immutableId } }] }),
    });
    expect(again.status).toBe(202);
    expect(await ticketsOf(from)).toHaveLength(1);

    const forged = await fetch(subscription.notificationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [{ subscriptionId: subscription.id, clientState: 'contoso-support.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', changeType: 'created', resource: 'Users/x/Messages/y', resourceData: { id: 'y' } }] }),
    });
    expect(forged.status).toBe(202);
    expect(await forged.json()).toMatchObject({ taken: 0, ignored: 1 });
    expect(graph.requests.some((r) => r.path.endsWith('/messages/y/$value'))).toBe(false);
  });

  test('a message Graph never notified is caught up on "missed"; "reauthorizationRequired" renews the subscription, "subscriptionRemoved" makes a new one', async () => {
    const from = `ada.${Date.now()}@example.org`;
    await graph.deliver(MAILBOX, await compose({ from, subject: 'Lost notification', text: 'Nobody told the help desk.' }), { notify: false });
    expect(await ticketsOf(from)).toHaveLength(0);
    const subscription = graph.subscriptions()[0]!;
    expect(await graph.lifecycle(subscription.id, 'missed')).toBe(202);
    expect(await ticketsOf(from)).toHaveLength(1);

    const patches = () => graph.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/subscriptions/${subscription.id}`) && r.status === 200).length;
    const before = patches();
    expect(await graph.lifecycle(subscription.id, 'reauthorizationRequired')).toBe(202);
    expect(patches()).toBe(before + 1);
    expect(graph.subscriptions().map((s) => s.id)).toEqual([subscription.id]);

    expect(await graph.lifecycle(subscription.id, 'subscriptionRemoved')).toBe(202);
    const [remade] = graph.subscriptions();
    expect(remade!.id).not.toBe(subscription.id);
    const status = await eventually(
      async () => (await api.get('/admin/mailboxes/contoso-support', { token: admin })).body.status,
      (s) => s?.subscription?.id === remade!.id,
    );
    expect(status.subscription.id).toBe(remade!.id);
  });

  test('while Graph cannot be read, the webhook answers 503 and Graph delivers the notification again; the message is then taken once', async () => {
    const from = `noor.${Date.now()}@example.org`;
    graph.failNext(1, { method: 'GET', path: /\/messages\/[^/]+\/\$value$/ }, 503);
    const { notified } = await graph.deliver(MAILBOX, await compose({ from, subject: 'Graph hiccup', text: 'Taken on the second try.' }));
    expect(notified).toEqual([503, 202]);
    expect(await ticketsOf(from)).toHaveLength(1);
  });
});

function addresses(value: ParsedMail['to'] | ParsedMail['from'] | ParsedMail['replyTo']): string[] {
  return (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((x) => x.address ?? ''));
}

function references(mail: ParsedMail): string[] {
  return Array.isArray(mail.references) ? mail.references : mail.references ? mail.references.split(/\s+/) : [];
}
