// E-mail intake: one inbound e-mail becomes a new ticket, a message on the customer's ticket, or
// nothing (automated mail). Redelivery of the same e-mail changes nothing.
import { banFor } from '../domain/bans';
import { DomainError, IntakeLimited } from '../domain/errors';
import {
  customerName,
  decideIntake,
  messageText,
  referencedTicket,
  ticketSubject,
  topicForRecipients,
  type InboundEmail,
} from '../domain/inbound-email';
import { customerReply, hasEmailMessage, verifyAddress } from '../domain/lifecycle';
import { judgeAuthenticity, type AuthenticityRule } from '../domain/mail-authenticity';
import type { Directory, Mailbox, Ticket } from '../domain/model';
import { refusedFilesNote } from '../domain/attachments';
import { prepareMailFiles, type PreparedFiles } from './attachments';
import type { AppDeps } from './deps';
import { UNSCREENED, type IntakeScreen } from './intake-limits';
import { actionContext, openCustomerTicket } from './customer-tickets';
import { readTicket, writeTicket } from './ticket-writes';

/** The topic when no receiving address names one. */
export const DEFAULT_EMAIL_TOPIC = 'other';

/**
 * Receiving addresses with a topic of their own (lower case). A topic that is missing or not
 * public falls back to the default, so a directory change never makes mail bounce.
 */
export const EMAIL_TOPICS: Readonly<Record<string, string>> = {
  'outage@example.com': 'business-critical-outage',
  'equipment@example.com': 'equipment-request',
};

export interface EmailIntakeResult {
  action: 'created' | 'appended' | 'ignored' | 'rejected' | 'rate-limited';
  /** The ticket the e-mail went to; null when it was ignored or rejected. */
  ticket: { number: string } | null;
  /** Why, in a few words: for the log and the response. */
  reason: string;
}

function emailTopic(mail: InboundEmail, directory: Directory): string {
  const chosen = topicForRecipients(mail.to, EMAIL_TOPICS, DEFAULT_EMAIL_TOPIC);
  return directory.topics.some((t) => t.id === chosen && t.public) ? chosen : DEFAULT_EMAIL_TOPIC;
}

/** The key a redelivery of this same e-mail shares: its Message-ID, else a hash of its bytes. */
function deliveryKey(mail: InboundEmail): string {
  return mail.messageId ? `email:${mail.messageId}`.slice(0, 255) : `email-sha256:${mail.fingerprint}`;
}

/**
 * The customer's message by e-mail, appended only when the sender is the ticket's customer (read
 * again inside the conditional write, so the check and the append see the same ticket). The mail
 * is authentic, so it also proves the address for this ticket.
 */
async function appendEmailMessage(deps: Pick<AppDeps, 'clock' | 'directory' | 'newId' | 'tickets'>, number: string, mail: InboundEmail, text: string, files: PreparedFiles): Promise<Ticket> {
  const directory = await deps.directory.load();
  const key = deliveryKey(mail);
  const append = (t: Ticket) => {
    if (t.customer.email.toLowerCase() !== mail.from.address) {
      throw new DomainError('forbidden', `The sender is not the customer of ticket #${number}`);
    }
    if (hasEmailMessage(t, key)) return { ticket: t, changed: false };
    const ctx = actionContext(deps);
    const replied = customerReply(t, text, directory, ctx, { emailMessageId: key, attachments: files.refs });
    return { ticket: verifyAddress(replied, 'wrote authentic mail from it', ctx) ?? replied, changed: true };
  };
  if (files.refs.length > 0) {
    // The rules (and the size limit) first, so a refused message stores no files; stored by
    // content hash, so a redelivery stores nothing new either.
    append((await readTicket(deps.tickets, number)).value);
    await files.store();
  }
  return (await writeTicket(deps.tickets, number, append)).value;
}

/**
 * One inbound e-mail. `trust` says whose Authentication-Results count: the inbound webhook's
 * trusted servers by default; a mailbox read from Exchange brings its own rule. `mailbox`: the
 * one it was fetched from: new tickets go to its topic (issue 24), instead of one chosen by the
 * recipients, and remember it, so their notices go out from its address (issue 25).
 */
export async function receiveEmail(
  deps: Pick<AppDeps, 'attachmentLimits' | 'attachments' | 'clock' | 'directory' | 'idempotency' | 'inboundMail' | 'log' | 'mail' | 'newId' | 'ticketTokens' | 'tickets'>,
  mail: InboundEmail,
  screen: IntakeScreen = UNSCREENED,
  trust: AuthenticityRule = deps.inboundMail.trust,
  mailbox: Pick<Mailbox, 'id' | 'topicId'> | null = null,
): Promise<EmailIntakeResult> {
  const topicId = mailbox?.topicId ?? null;
  // A banned sender's mail, new or a reply, is dropped unread; 202 all the same (a 4xx would only
  // make the mail service retry or bounce it to an address the sender may have forged).
  if (banFor((await deps.directory.load()).bans, mail.from.address)) {
    deps.log.info('Inbound e-mail rejected: the sender is banned');
    return { action: 'rejected', ticket: null, reason: 'the sender is banned' };
  }
  const reference = referencedTicket(mail, deps.mail.messageIdDomain);
  const found = reference ? await deps.tickets.get(reference.number) : null;
  const decision = decideIntake(
    mail,
    reference,
    found ? { number: found.value.number, customerEmail: found.value.customer.email } : null,
    // Mail from the help desk's own addresses is its own notice come back: never a ticket (no loop).
    [deps.mail.from.email, ...(await deps.directory.load()).mailboxes.map((m) => m.address)],
  );
  if (decision.action === 'ignore') {
    deps.log.info(`Inbound e-mail from ${mail.from.address} ignored: ${decision.reason}`);
    return { action: 'ignored', ticket: null, reason: decision.reason };
  }
  // Anyone can write any From: only an authentic mail may add to an existing ticket or count as
  // proof of the address. Any other opens a ticket of its own, marked as not verified.
  const authenticity = judgeAuthenticity(mail.authenticationResults, mail.from.address, trust, deps.inboundMail.organisationalDomain);
  const files = prepareMailFiles(deps, mail.attachments);
  // Files left out are named in the message, so the agent knows to ask for them another way.
  const text = files.refused.length > 0 ? `${messageText(mail.text)}\n\n${refusedFilesNote(files.refused)}` : messageText(mail.text);
  if (decision.action === 'append' && authenticity.authentic) {
    const ticket = await appendEmailMessage(deps, decision.number, mail, text, files);
    return { action: 'appended', ticket: { number: ticket.number }, reason: `a reply to ticket #${ticket.number} (${authenticity.reason})` };
  }
  if (decision.action === 'append') {
    deps.log.info(`Inbound e-mail names ticket #${decision.number} but is not authentic (${authenticity.reason}): it opens a ticket of its own`);
  }
  const directory = await deps.directory.load();
  try {
    await screen(mail.from.address);
  } catch (err) {
    // 202 all the same: a 429 would make the mail service deliver the flood again.
    if (!(err instanceof IntakeLimited)) throw err;
    deps.log.info(`Inbound e-mail not turned into a ticket: ${err.message}`);
    return { action: 'rate-limited', ticket: null, reason: err.message };
  }
  const { ticket } = await openCustomerTicket(
    deps,
    {
      customer: { name: customerName(mail), email: mail.from.address, phone: null },
      topicId: topicId !== null && directory.topics.some((t) => t.id === topicId) ? topicId : emailTopic(mail, directory),
      subject: ticketSubject(mail.subject),
      message: text,
      source: 'email',
      files,
      addressVerified: authenticity.authentic,
      emailMessageId: deliveryKey(mail),
      ...(mailbox ? { mailboxId: mailbox.id } : {}),
    },
    // The same e-mail delivered twice finds the ticket its first delivery opened.
    deliveryKey(mail),
  );
  const why = decision.action === 'append' ? `sender not verified, so not added to ticket #${decision.number}: ${authenticity.reason}` : `${decision.reason}; ${authenticity.authentic ? authenticity.reason : `sender not verified: ${authenticity.reason}`}`;
  return { action: 'created', ticket: { number: ticket.number }, reason: why };
}
