// The one module that reads inbound MIME: mailparser does the parsing (charsets, encodings,
// multipart, HTML-to-text); this turns its result into the domain's plain InboundEmail.
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { DomainError } from '../domain/errors';
import type { InboundEmail } from '../domain/inbound-email';

function addresses(value: AddressObject | AddressObject[] | undefined): { name: string; address: string }[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  // Groups (`team: a@x, b@x;`) nest their members one level down.
  return objects
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    .flatMap((a) => (a.address ? [{ name: a.name ?? '', address: a.address.trim().toLowerCase() }] : []));
}

/** A header as text whatever shape mailparser gave it (string, list, address or structured value). */
function headerText(value: HeaderValue | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(' ');
  if (value instanceof Date) return value.toISOString();
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('value' in value && typeof value.value === 'string') return value.value;
  return '';
}

function ids(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value : value ? [value] : [];
  return all.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []);
}

/**
 * Parses one raw e-mail. Refused with a clear 400 when it has no headers or no sender address:
 * without a From there is nobody to open a ticket for or to answer.
 */
export async function parseInboundEmail(raw: Buffer): Promise<InboundEmail> {
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
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
    subject: parsed.subject ?? '',
    // mailparser converts an HTML-only body to text (with html-to-text): scripts, styles and
    // tags are dropped, so no markup reaches the thread.
    text: parsed.text ?? '',
    messageId: parsed.messageId ?? null,
    fingerprint: createHash('sha256').update(raw).digest('hex'),
    inReplyTo: ids(parsed.inReplyTo),
    references: ids(parsed.references),
    // Parts a mail client shows as files, inline images included (a pasted screenshot is one);
    // delivery reports' machine parts are not files.
    attachments: parsed.attachments
      .filter((a) => !/^(message\/(delivery-status|disposition-notification)|text\/rfc822-headers)$/i.test(a.contentType))
      .map((a, i) => ({ filename: a.filename ?? `attachment-${i + 1}`, contentType: a.contentType, content: a.content })),
    headers: {
      autoSubmitted: headerText(h.get('auto-submitted')),
      precedence: headerText(h.get('precedence')),
      xAutoreply: headerText(h.get('x-autoreply')),
      xAutorespond: headerText(h.get('x-autorespond')),
      returnPath: headerText(h.get('return-path')),
    },
  };
}
