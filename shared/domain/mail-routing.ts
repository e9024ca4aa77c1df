// Which address a ticket's notices come from, and how they leave (issue 25). A customer replies to
// whatever address a notice came from, so notices to the customer go out from the mailbox the
// ticket came in through (else its topic's, else its department's), and the reply lands back in a
// mailbox the help desk fetches. Alerts to agents stay with the help desk's own sender: an agent
// answering an alert by mail would otherwise open a ticket in that mailbox. Pure.
import type { Directory, Mailbox, MailboxSend, Ticket } from './model';
import type { MailAddress, MailRoute } from './ports';

/** A mailbox's way of sending; mailboxes from before issue 25 have none stored. */
export function sendingOf(mailbox: Mailbox): MailboxSend {
  return mailbox.send ?? (mailbox.fetch.method === 'graph' ? { method: 'graph' } : { method: 'helpdesk' });
}

/**
 * The mailbox a ticket's customer notices come from: the one it came in through, else an active
 * mailbox of its topic, else one of a topic of its department; null when there is none (web and
 * API tickets of a help desk without mailboxes).
 */
export function mailboxOf(ticket: Pick<Ticket, 'mailboxId' | 'topicId' | 'departmentId'>, directory: Pick<Directory, 'mailboxes' | 'topics'>): Mailbox | null {
  const active = directory.mailboxes.filter((m) => m.active);
  const departmentTopics = new Set(directory.topics.filter((t) => t.departmentId === ticket.departmentId).map((t) => t.id));
  return (
    active.find((m) => m.id === ticket.mailboxId) ??
    active.find((m) => m.topicId === ticket.topicId) ??
    active.find((m) => departmentTopics.has(m.topicId)) ??
    null
  );
}

export interface Sender {
  from: MailAddress;
  /** Where the customer's answer should go: the mailbox, also when the notice comes from the help desk's sender. */
  replyTo: MailAddress | null;
  route: MailRoute;
}

/** How a customer notice about the ticket is sent; `helpdeskFrom` is MAIL_FROM. */
export function customerNoticeSender(ticket: Pick<Ticket, 'mailboxId' | 'topicId' | 'departmentId'>, directory: Pick<Directory, 'mailboxes' | 'topics'>, helpdeskFrom: MailAddress): Sender {
  const mailbox = mailboxOf(ticket, directory);
  if (!mailbox) return { from: helpdeskFrom, replyTo: null, route: { method: 'default' } };
  // The help desk's display name with the mailbox's address: customers know the help desk by its name.
  const own: MailAddress = { name: helpdeskFrom.name, email: mailbox.address };
  const send = sendingOf(mailbox);
  switch (send.method) {
    case 'graph':
      return { from: own, replyTo: own, route: { method: 'graph', mailbox: mailbox.address } };
    case 'smtp': {
      const { host, port, tls, username, secretRef } = send;
      return { from: own, replyTo: own, route: { method: 'smtp', server: { host, port, tls, username }, secretRef } };
    }
    case 'acs':
      return { from: own, replyTo: own, route: { method: 'default' } };
    case 'helpdesk':
      return { from: helpdeskFrom, replyTo: own, route: { method: 'default' } };
  }
}

/** The Message-ID an e-mail delivery key holds (`email:<id>`), or null for a key made from the bytes. */
function messageIdOfKey(key: string | undefined): string | null {
  return key?.startsWith('email:<') && key.endsWith('>') ? key.slice('email:'.length) : null;
}

/** How many of the customer's Message-IDs a notice's References carries (RFC 5322 lets it grow; clients need the first and last). */
const MAX_REFERENCES = 10;

/**
 * The threading headers of a customer notice (RFC 5322 §3.6.4): In-Reply-To the customer's latest
 * e-mail on the ticket, References their e-mails and the ticket's own thread id, so every notice
 * of a ticket threads together in the customer's mail client, even for a ticket opened on the web.
 */
export function threadingOf(ticket: Pick<Ticket, 'number' | 'thread'>, messageIdDomain: string): { inReplyTo: string | null; references: string[] } {
  const customerIds = ticket.thread.flatMap((e) => {
    const id = e.type === 'message' ? messageIdOfKey(e.emailMessageId) : null;
    return id ? [id] : [];
  });
  const root = ticketThreadId(ticket.number, messageIdDomain);
  const kept = customerIds.length > MAX_REFERENCES ? [customerIds[0]!, ...customerIds.slice(-(MAX_REFERENCES - 1))] : customerIds;
  return { inReplyTo: customerIds.at(-1) ?? null, references: [root, ...kept] };
}

/** The id every notice of a ticket refers to; it carries the number, as the notices' own Message-IDs do. */
export function ticketThreadId(number: string, domain: string): string {
  return `<ticket-${number}.thread@${domain}>`;
}
