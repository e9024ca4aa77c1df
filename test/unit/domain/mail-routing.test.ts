// Which address a ticket's notices come from and how they thread (issue 25): the customer's
// notices from the mailbox the ticket came in through, answering the customer's own mail; the
// agents' alerts from the help desk's sender.
import { customerReply, openTicket, replyToCustomer } from '../../../shared/domain/lifecycle';
import { customerNoticeSender, mailboxOf, threadingOf } from '../../../shared/domain/mail-routing';
import type { Directory, Mailbox, Ticket } from '../../../shared/domain/model';
import { notificationsFor } from '../../../shared/domain/notifications';
import { T0, agent, at, directory, hoursAfter, newTicket } from '../../support/mothers';

const HELPDESK = { name: 'Help desk', email: 'DoNotReply@helpdesk.example.com' };

const mailbox = (over: Partial<Mailbox>): Mailbox => ({
  kind: 'mailbox',
  id: 'support',
  name: 'Support',
  address: 'support@contoso.com',
  topicId: 'pc-issues',
  active: true,
  fetch: { method: 'graph' },
  ...over,
});

const withMailboxes = (...mailboxes: Mailbox[]): Directory => ({ ...directory(), mailboxes });

/** A ticket opened by e-mail through `mailboxId`, as the e-mail intake opens it. */
function mailedTicket(d: Directory, mailboxId: string | undefined, topicId = 'other'): Ticket {
  return openTicket(
    {
      number: '100001',
      customer: { name: 'Maria', email: 'maria@example.org', phone: null },
      topicId,
      subject: 'Card blocked',
      message: 'My card was blocked.',
      source: 'email',
      accessTokenHash: 'h',
      idempotencyKeyHash: null,
      emailMessageId: 'email:<m1@mail.example.org>',
      ...(mailboxId ? { mailboxId } : {}),
    },
    d,
    at(T0),
  );
}

describe('which mailbox a ticket answers from', () => {
  test('the one it came in through, before its topic\'s and its department\'s', () => {
    const came = mailbox({ id: 'billing', address: 'billing@contoso.com', topicId: 'password-reset' });
    const topics = mailbox({ id: 'support', address: 'support@contoso.com', topicId: 'other' });
    const d = withMailboxes(topics, came);
    expect(mailboxOf(mailedTicket(d, 'billing'), d)?.address).toBe('billing@contoso.com');
    expect(mailboxOf(mailedTicket(d, undefined, 'other'), d)?.address).toBe('support@contoso.com');
    // equipment-request has no mailbox of its own; its department (support) has two: the first found answers.
    expect(mailboxOf(mailedTicket(d, undefined, 'equipment-request'), d)?.address).toMatch(/@contoso\.com$/);
  });

  test('an inactive mailbox answers nothing, and a help desk without mailboxes answers from its own sender', () => {
    const d = withMailboxes(mailbox({ active: false, topicId: 'other' }));
    const ticket = mailedTicket(d, 'support');
    expect(mailboxOf(ticket, d)).toBeNull();
    expect(customerNoticeSender(ticket, d, HELPDESK)).toEqual({ from: HELPDESK, replyTo: null, route: { method: 'default' } });
  });

  test('each way of sending: Graph and SMTP from the mailbox, ACS as the mailbox, the help desk with Reply-To', () => {
    const ticket = (send: Mailbox['send'], fetch: Mailbox['fetch'] = { method: 'graph' }) => {
      const d = withMailboxes(mailbox({ ...(send ? { send } : {}), fetch }));
      return customerNoticeSender(mailedTicket(d, 'support'), d, HELPDESK);
    };
    const own = { name: 'Help desk', email: 'support@contoso.com' };
    expect(ticket(undefined)).toEqual({ from: own, replyTo: own, route: { method: 'graph', mailbox: 'support@contoso.com' } });
    const smtp = { method: 'smtp', host: 'smtp.contoso.com', port: 587, tls: false, username: 'support', secretRef: 'support-smtp' } as const;
    expect(ticket(smtp, { method: 'imap', host: 'imap.contoso.com', port: 993, tls: true, username: 'support', secretRef: 'support-imap' })).toEqual({
      from: own,
      replyTo: own,
      route: { method: 'smtp', server: { host: 'smtp.contoso.com', port: 587, tls: false, username: 'support' }, secretRef: 'support-smtp' },
    });
    expect(ticket({ method: 'acs' })).toEqual({ from: own, replyTo: own, route: { method: 'default' } });
    // An IMAP mailbox from before issue 25 (no `send`): the help desk's sender, replies to the mailbox.
    expect(ticket(undefined, { method: 'imap', host: 'imap.contoso.com', port: 993, tls: true, username: 'support', secretRef: 'x' })).toEqual({ from: HELPDESK, replyTo: own, route: { method: 'default' } });
  });
});

describe('threading', () => {
  const domain = 'helpdesk.example.com';

  test("a notice answers the customer's latest mail and refers to the ticket's thread and every mail of the customer", () => {
    const d = withMailboxes(mailbox({}));
    const opened = mailedTicket(d, 'support');
    const again = customerReply(opened, 'Still blocked.', d, at(hoursAfter(T0, 1)), { emailMessageId: 'email:<m2@mail.example.org>' });
    expect(threadingOf(again, domain)).toEqual({
      inReplyTo: '<m2@mail.example.org>',
      references: ['<ticket-100001.thread@helpdesk.example.com>', '<m1@mail.example.org>', '<m2@mail.example.org>'],
    });
  });

  test('a ticket from the web has no mail to answer, only its thread; a key made from the bytes is no Message-ID', () => {
    const d = directory();
    expect(threadingOf(newTicket(d), domain)).toEqual({ inReplyTo: null, references: ['<ticket-100001.thread@helpdesk.example.com>'] });
    const hashed = customerReply(newTicket(d), 'x', d, at(hoursAfter(T0, 1)), { emailMessageId: `email-sha256:${'a'.repeat(64)}` });
    expect(threadingOf(hashed, domain).inReplyTo).toBeNull();
  });

  test('References keeps the first mail and the latest ones when a thread grows long', () => {
    const d = directory();
    let t = mailedTicket(d, undefined);
    for (let i = 2; i <= 30; i++) t = customerReply(t, `mail ${i}`, d, at(hoursAfter(T0, i)), { emailMessageId: `email:<m${i}@mail.example.org>` });
    const { references } = threadingOf(t, domain);
    expect(references).toHaveLength(11);
    expect(references.slice(0, 2)).toEqual(['<ticket-100001.thread@helpdesk.example.com>', '<m1@mail.example.org>']);
    expect(references.at(-1)).toBe('<m30@mail.example.org>');
  });
});

describe('notices and alerts', () => {
  test("the reply notice comes from the ticket's mailbox with Reply-To and the threading headers; the agents' alert from the help desk", () => {
    const d = withMailboxes(mailbox({}));
    const opened = mailedTicket(d, 'support');
    const context = (ticket: Ticket) => ({
      directory: d,
      ticket,
      from: HELPDESK,
      messageIdDomain: 'helpdesk.example.com',
      customerLink: (n: string) => `https://help.example.com/#ticket=${n}`,
      staffLink: (n: string) => `https://help.example.com/staff#ticket=${n}`,
    });
    const alert = notificationsFor(opened.outbox.at(-1)!, context(opened)).find((n) => n.kind === 'newTicketAlert')!;
    expect(alert.mail.from).toEqual(HELPDESK);
    expect(alert.mail.route).toBeUndefined();
    expect(alert.mail.replyTo).toBeUndefined();

    const replied = replyToCustomer(opened, { message: 'Unblocked it.' }, agent(d, 'john'), d, at(hoursAfter(T0, 1)));
    const [notice] = notificationsFor(replied.outbox.at(-1)!, context(replied));
    expect(notice!.mail).toMatchObject({
      from: { name: 'Help desk', email: 'support@contoso.com' },
      replyTo: { name: 'Help desk', email: 'support@contoso.com' },
      inReplyTo: '<m1@mail.example.org>',
      references: ['<ticket-100001.thread@helpdesk.example.com>', '<m1@mail.example.org>'],
      route: { method: 'graph', mailbox: 'support@contoso.com' },
    });
  });
});
