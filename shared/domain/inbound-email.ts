// E-mail intake as pure rules: what an inbound e-mail is (new request, reply to a ticket, or
// automated mail to ignore) and what text of it is stored. Parsing MIME is the mail adapter's
// business; storing is the application layer's.
import { ticketNumberFromMessageId } from './notifications';

/** One inbound e-mail as the adapter hands it over: plain values, no MIME left. */
export interface InboundEmail {
  from: { name: string; address: string };
  /** Every receiving address (To, Cc, Delivered-To), lower case. */
  to: string[];
  subject: string;
  /** The text body (an HTML-only body already converted to text). */
  text: string;
  /** The Message-ID header as sent (`<...>`), or null when the e-mail has none. */
  messageId: string | null;
  /** A hash of the raw e-mail: what identifies a delivery when there is no Message-ID. */
  fingerprint: string;
  inReplyTo: string[];
  references: string[];
  /** Attached files (inline images too), as the mail carried them: names and types unchecked. */
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /**
   * The Authentication-Results header values, topmost first (the receiving server's own on top):
   * what says whether the mail is from who its From says (mail-authenticity.ts).
   */
  authenticationResults: string[];
  /** Only the headers that tell automated mail apart; lower-case names, null when absent. */
  headers: {
    autoSubmitted: string | null;
    precedence: string | null;
    xAutoreply: string | null;
    xAutorespond: string | null;
    returnPath: string | null;
  };
}

/** Within the limits that the JSON API enforces, so an e-mail ticket is no different from any other. */
export const MAX_EMAIL_SUBJECT_CHARS = 255;
export const MAX_EMAIL_MESSAGE_CHARS = 100_000;
export const MAX_CUSTOMER_NAME_CHARS = 128;
export const NO_SUBJECT = '(no subject)';
export const TRUNCATION_NOTE = '\n\n[… truncated: the e-mail was longer than 100,000 characters]';
/**
 * A one-line value from outside (subject, sender name, header) is cut to this many characters
 * before any pattern runs: far above what is kept, so nothing kept is lost, and bounded.
 */
export const MAX_RAW_LINE_CHARS = 4096;

// ---------------------------------------------------------------- loops and junk

const BOUNCE_SENDERS = /^(mailer-daemon|postmaster)$/i;

/**
 * Why this e-mail was sent by a machine, or null for a person. Answering machines with a ticket
 * (and the ticket with an auto-response) is how mail loops start, so any one sign is enough.
 */
export function automatedReason(mail: InboundEmail, ownAddresses: readonly string[] = []): string | null {
  const h = mail.headers;
  // RFC 3834: any value but `no` marks automatic mail; parameters may follow a semicolon.
  const auto = h.autoSubmitted?.split(';')[0]?.trim().toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const precedence = h.precedence?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (h.xAutoreply !== null) return 'X-Autoreply';
  if (h.xAutorespond !== null) return 'X-Autorespond';
  const at = mail.from.address.indexOf('@');
  const local = at < 0 ? mail.from.address : mail.from.address.slice(0, at);
  if (BOUNCE_SENDERS.test(local)) return `sent by ${mail.from.address}`;
  // An empty Return-Path (`<>`) is what bounces and delivery reports carry (RFC 5321 §4.5.5).
  // Trimmed first: `^\s*<?\s*>?\s*$` backtracks in cubic time on a long run of blanks.
  if (h.returnPath !== null && /^<?\s*>?$/.test(cap(h.returnPath, MAX_RAW_LINE_CHARS).trim())) return 'empty Return-Path (a bounce)';
  if (ownAddresses.some((a) => a.toLowerCase() === mail.from.address)) return 'sent by the help desk itself';
  return null;
}

// ---------------------------------------------------------------- threading

export interface TicketReference {
  number: string;
  via: 'message-id' | 'subject';
}

const SUBJECT_TAG = /\[#(\d{6,9})\]/;
// Without the blanks around it (oneLine collapses those): `\s*\[#…` retried from every blank of a
// long run of them, quadratic on a subject of blanks.
const ALL_SUBJECT_TAGS = /\[#\d{6,9}\]/g;

/**
 * The ticket an e-mail answers: a Message-ID the help desk minted (only under its own domain, so
 * an outsider cannot forge one for another domain) in In-Reply-To, then References from the
 * newest, else the `[#123456]` tag in the subject.
 */
export function referencedTicket(mail: InboundEmail, messageIdDomain: string): TicketReference | null {
  const ours = (id: string) => id.toLowerCase().endsWith(`@${messageIdDomain.toLowerCase()}>`);
  for (const id of [...mail.inReplyTo, ...[...mail.references].reverse()]) {
    const number = ours(id) ? ticketNumberFromMessageId(id) : null;
    if (number) return { number, via: 'message-id' };
  }
  const tagged = SUBJECT_TAG.exec(cap(mail.subject, MAX_RAW_LINE_CHARS))?.[1];
  return tagged ? { number: tagged, via: 'subject' } : null;
}

export type IntakeDecision =
  | { action: 'ignore'; reason: string }
  | { action: 'append'; number: string }
  | { action: 'create'; reason: string };

/**
 * What to do once the referenced ticket (if any) has been looked up. A sender who is not the
 * ticket's customer gets a ticket of their own: their mail may well be genuine (a colleague, a
 * second address) and must reach an agent, but it must never land in, or reopen, someone else's
 * ticket, nor learn anything about it.
 */
export function decideIntake(
  mail: InboundEmail,
  reference: TicketReference | null,
  ticket: { number: string; customerEmail: string } | null,
  ownAddresses: readonly string[] = [],
): IntakeDecision {
  const automated = automatedReason(mail, ownAddresses);
  if (automated) return { action: 'ignore', reason: `automated mail (${automated})` };
  if (!reference) return { action: 'create', reason: 'a new request' };
  if (!ticket) return { action: 'create', reason: `there is no ticket #${reference.number}` };
  if (ticket.customerEmail.toLowerCase() !== mail.from.address.toLowerCase()) {
    return { action: 'create', reason: `the sender is not the customer of ticket #${ticket.number}` };
  }
  return { action: 'append', number: ticket.number };
}

// ---------------------------------------------------------------- text

/** A line that starts the quoted history a mail client appends below a reply. */
const HISTORY_MARKERS: RegExp[] = [
  // Outlook's separator, in the languages it is localised to most.
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Oprindelig meddelelse|Opprinnelig melding|Ursprungligt meddelande|Alkuperäinen viesti)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above its "From: ... Sent: ..." block
  /^On .{1,300}wrote:\s*$/i,
  /^Am .{1,300}schrieb .{1,200}:\s*$/i,
  /^Le .{1,300}a écrit\s*:\s*$/i,
];

/**
 * The first two lines of the header block Outlook puts above the quoted message ("From:", then
 * "Sent:" or "Date:"), as its localised versions write them. Outlook for Windows writes the block
 * without a rule above it in the text part, so the pair itself has to be recognised.
 */
const OUTLOOK_HEADER_PAIRS: [from: RegExp, sent: RegExp][] = [
  [/^From\s*:\s.+/i, /^(Sent|Date)\s*:\s.+/i],
  [/^Von\s*:\s.+/i, /^(Gesendet|Datum)\s*:\s.+/i], // German
  [/^De\s*:\s.+/i, /^(Envoyé|Enviad[ao]( em)?|Date|Data)\s*:\s.+/i], // French (a space before the colon), Spanish, Portuguese
  [/^Da\s*:\s.+/i, /^(Inviato|Data)\s*:\s.+/i], // Italian
  [/^Van\s*:\s.+/i, /^(Verzonden|Datum)\s*:\s.+/i], // Dutch
  [/^Fra\s*:\s.+/i, /^(Sendt|Dato)\s*:\s.+/i], // Danish, Norwegian
  [/^Från\s*:\s.+/i, /^(Skickat|Datum)\s*:\s.+/i], // Swedish
  [/^Lähettäjä\s*:\s.+/i, /^(Lähetetty|Päivämäärä)\s*:\s.+/i], // Finnish
];

/** Longer lines are text, never a marker (the longest marker is about 500 characters): no pattern reads them. */
const MAX_MARKER_LINE_CHARS = 1000;

function startsHistory(raw: string, following: string | undefined): boolean {
  if (raw.length > MAX_MARKER_LINE_CHARS) return false;
  const line = raw.trim();
  if (HISTORY_MARKERS.some((m) => m.test(line))) return true;
  // Gmail wraps a long "On <date>, <name> <address>\nwrote:" over two lines.
  const next = following !== undefined && following.length <= MAX_MARKER_LINE_CHARS ? following.trim() : undefined;
  if (/^On .{1,300}$/i.test(line) && next !== undefined && /^.{0,200}wrote:\s*$/i.test(next) && !/wrote:\s*$/i.test(line)) return true;
  // Outlook without the rule: a "From:" line directly followed by "Sent:" or "Date:", in its languages.
  return next !== undefined && OUTLOOK_HEADER_PAIRS.some(([from, sent]) => from.test(line) && sent.test(next));
}

/**
 * The reply without the history quoted below it, where it can be recognised: everything from a
 * history marker on, and a trailing block of `>` lines. Quotes interleaved with the reply stay,
 * since the answers in between refer to them. If nothing would be left, the text stays whole.
 */
export function trimQuotedHistory(text: string): string {
  return withoutQuotedHistory(text).reply;
}

const lineEnd = (text: string, start: number) => {
  const newline = text.indexOf('\n', start);
  return newline < 0 ? text.length : newline;
};

/**
 * The reply, and whether a history marker ended it (so nothing after that marker is kept anyway).
 * Walks the lines by index, never holding them all in an array: a megabyte of short lines costs
 * what its characters cost.
 */
function withoutQuotedHistory(text: string): { reply: string; marker: boolean } {
  const t = text.replace(/\r\n?/g, '\n');
  let cut = -1;
  for (let start = 0; start <= t.length; ) {
    const end = lineEnd(t, start);
    const next = end < t.length ? t.slice(end + 1, lineEnd(t, end + 1)) : undefined;
    if (startsHistory(t.slice(start, end), next)) {
      cut = start;
      break;
    }
    start = end + 1;
  }
  // Then the trailing blank and `>` lines above the cut, walked back from it.
  let end = cut < 0 ? t.length : Math.max(cut - 1, 0);
  while (end > 0) {
    const start = t.lastIndexOf('\n', end - 1) + 1;
    const line = t.slice(start, end);
    if (line.trim() !== '' && !/^\s*>/.test(line.slice(0, MAX_MARKER_LINE_CHARS))) break;
    end = Math.max(start - 1, 0);
  }
  const reply = t.slice(0, end).trim();
  return reply === '' ? { reply: text.trim(), marker: false } : { reply, marker: cut >= 0 };
}

/** At most `max` UTF-16 units without splitting a surrogate pair. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, cut);
}

/** Control characters other than tabs and line breaks, which the JSON API refuses too. */
const UNSAFE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Lines of nothing but white space (HTML turned to text leaves `&nbsp;` paragraphs behind, Outlook
 * one between every two paragraphs) made empty, and runs of empty lines cut to one.
 */
function blankLinesCollapsed(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^[\s\u200b\ufeff]*$/.test(line) ? '' : line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * The text stored as the thread message: quoted history trimmed, control characters removed,
 * blank lines collapsed, and cut to the 100,000-character limit with a note saying so (an e-mail
 * cannot be sent back for being too long, so it is shortened, never refused). The text is cut to
 * the limit before anything else looks at it, so a mail of any size costs what 100,000
 * characters cost; the note is added unless a history marker ended the reply before the cut.
 */
export function messageText(text: string): string {
  const cut = text.length > MAX_EMAIL_MESSAGE_CHARS;
  const head = cap(text, MAX_EMAIL_MESSAGE_CHARS);
  const { reply, marker } = withoutQuotedHistory(head.replace(/\r\n?/g, '\n').replace(UNSAFE_CONTROLS, ''));
  const clean = blankLinesCollapsed(reply).trim();
  const body = clean === '' ? '(no text)' : clean;
  if (body.length <= MAX_EMAIL_MESSAGE_CHARS && !(cut && !marker)) return body;
  return cap(body, MAX_EMAIL_MESSAGE_CHARS - TRUNCATION_NOTE.length) + TRUNCATION_NOTE;
}

/** One line, no control characters, at most `max` characters; capped before any pattern runs. */
function oneLine(text: string, max: number): string {
  return cap(cap(text, MAX_RAW_LINE_CHARS).replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim(), max).trim();
}

/**
 * A new ticket's subject: ticket tags removed (a new ticket must not carry another ticket's
 * number, or replies to it would thread there), one line, within 255 characters.
 */
export function ticketSubject(subject: string): string {
  return oneLine(cap(subject, MAX_RAW_LINE_CHARS).replace(ALL_SUBJECT_TAGS, ' '), MAX_EMAIL_SUBJECT_CHARS) || NO_SUBJECT;
}

export function customerName(mail: InboundEmail): string {
  return oneLine(mail.from.name, MAX_CUSTOMER_NAME_CHARS) || mail.from.address;
}

/**
 * The help topic of a new e-mail ticket: the first receiving address that has one in the mapping,
 * otherwise the default.
 */
export function topicForRecipients(to: readonly string[], byAddress: Readonly<Record<string, string>>, fallback: string): string {
  for (const address of to) {
    const topic = byAddress[address.toLowerCase()];
    if (topic) return topic;
  }
  return fallback;
}
