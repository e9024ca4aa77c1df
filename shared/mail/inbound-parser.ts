// The one module that reads inbound MIME: mailparser does the parsing (charsets, encodings,
// multipart, HTML-to-text); this turns its result into the domain's plain InboundEmail.
import { createHash } from 'node:crypto';
import type { AddressObject, HeaderValue, ParsedMail } from 'mailparser';
import { DomainError } from '../domain/errors';
import { MAX_RAW_LINE_CHARS, type InboundEmail } from '../domain/inbound-email';
import { MAX_AUTH_RESULTS_HEADERS, MAX_AUTH_RESULTS_LENGTH } from '../domain/mail-authenticity';
import { MAX_HTML_CHARS } from '../domain/osticket';

/** RFC 5321 §4.5.3.1.3: a path (so an address) is at most 256 octets with its brackets. */
const MAX_ADDRESS_CHARS = 254;

/** At most `max` UTF-16 units without splitting a surrogate pair. */
function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function addresses(value: AddressObject | AddressObject[] | undefined): { name: string; address: string }[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  // Groups (`team: a@x, b@x;`) nest their members one level down. An address longer than any
  // mail system delivers to is no address; a name is cut before anything else reads it.
  return objects
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .flatMap((a) => {
      const address = a.address?.trim().toLowerCase() ?? '';
      return address && address.length <= MAX_ADDRESS_CHARS ? [{ name: capped(a.name ?? '', MAX_RAW_LINE_CHARS), address }] : [];
    });
}

/** A header as text whatever shape mailparser gave it (string, list, address or structured value). */
function headerText(value: HeaderValue | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return capped(value, MAX_RAW_LINE_CHARS);
  if (Array.isArray(value)) return capped(value.join(' '), MAX_RAW_LINE_CHARS);
  if (value instanceof Date) return value.toISOString();
  if ('text' in value && typeof value.text === 'string') return capped(value.text, MAX_RAW_LINE_CHARS);
  if ('value' in value && typeof value.value === 'string') return capped(value.value, MAX_RAW_LINE_CHARS);
  return '';
}

function ids(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value : value ? [value] : [];
  return all.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []);
}

const HTML_CUT_NOTE = `\n\n[… the rest of the HTML was not converted: it was longer than ${MAX_HTML_CHARS.toLocaleString('en')} characters]`;

/** The text, or when the HTML was too long for mailparser to convert, its first MAX_HTML_CHARS as text. */
async function bodyText(parsed: ParsedMail): Promise<string> {
  if (!parsed.textConversionError || typeof parsed.html !== 'string') return parsed.text ?? '';
  const { htmlToText } = await import('./html-to-text');
  const { text, truncated } = htmlToText(parsed.html);
  return `${parsed.text ?? ''}${text}${truncated ? HTML_CUT_NOTE : ''}`;
}

/**
 * Parses one raw e-mail. Refused with a clear 400 when it has no headers or no sender address:
 * without a From there is nobody to open a ticket for or to answer.
 */
export async function parseInboundEmail(raw: Buffer): Promise<InboundEmail> {
  let parsed: ParsedMail;
  // Loaded on the first e-mail, not when the function files register: mailparser and its MIME
  // libraries are a third of the bundle, and only the three mail functions use them (issue 21).
  const { simpleParser } = await import('mailparser');
  try {
    // mailparser converts HTML up to MAX_HTML_CHARS itself; longer HTML is left unconverted (its
    // converter's cost grows with the square of the nesting) and converted up to there below.
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: MAX_HTML_CHARS });
  } catch (err) {
    throw new DomainError('validation_failed', `The body is not a readable e-mail (MIME): ${(err as Error).message}`);
  }
  if (parsed.headers.size === 0) {
    throw new DomainError('validation_failed', 'The body is not an e-mail: send the raw message (RFC 5322 headers, a blank line, the body) as message/rfc822');
  }
  const from = addresses(parsed.from)[0];
  if (!from) throw new DomainError('validation_failed', 'The e-mail has no sender: a From header with an address is required');
  const h = parsed.headers;
  const recipients = [...addresses(parsed.to), ...addresses(parsed.cc)].map((a) => a.address);
  const delivered = headerText(h.get('delivered-to'));
  if (delivered) recipients.push(...delivered.split(/[\s,]+/).filter((a) => a.includes('@')).map((a) => a.toLowerCase()));
  return {
    from,
    to: [...new Set(recipients)],
    subject: capped(parsed.subject ?? '', MAX_RAW_LINE_CHARS),
    // mailparser converts an HTML-only body to text (with html-to-text): scripts, styles and
    // tags are dropped, so no markup reaches the thread.
    text: await bodyText(parsed),
    messageId: parsed.messageId ?? null,
    fingerprint: createHash('sha256').update(raw).digest('hex'),
    inReplyTo: ids(parsed.inReplyTo),
    references: ids(parsed.references),
    // Parts a mail client shows as files, inline images included (a pasted screenshot is one);
    // delivery reports' machine parts are not files.
    attachments: parsed.attachments
      .filter((a) => !/^(message\/(delivery-status|disposition-notification)|text\/rfc822-headers)$/i.test(a.contentType))
      .map((a, i) => ({ filename: a.filename ?? `attachment-${i + 1}`, contentType: a.contentType, content: a.content })),
    // In message order, unfolded, each capped before any rule reads it.
    authenticationResults: parsed.headerLines
      .filter((l) => l.key === 'authentication-results')
      .slice(0, MAX_AUTH_RESULTS_HEADERS)
      .map((l) => capped(l.line.slice(l.line.indexOf(':') + 1).replace(/\r?\n[ \t]/g, ' ').trim(), MAX_AUTH_RESULTS_LENGTH)),
    headers: {
      autoSubmitted: headerText(h.get('auto-submitted')),
      precedence: headerText(h.get('precedence')),
      xAutoreply: headerText(h.get('x-autoreply')),
      xAutorespond: headerText(h.get('x-autorespond')),
      returnPath: headerText(h.get('return-path')),
    },
  };
}
