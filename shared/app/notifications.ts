// The notification function's work: an event in, e-mails out, at most once per event and recipient.
import { notificationsFor } from '../domain/notifications';
import type { AttachmentRef } from '../domain/attachments';
import type { LifecycleEvent } from '../domain/model';
import type { MailAttachment } from '../domain/ports';
import { DomainError } from '../domain/errors';
import type { AppDeps } from './deps';

export async function notify(deps: Pick<AppDeps, 'attachments' | 'claims' | 'clock' | 'directory' | 'log' | 'mail' | 'mailer' | 'ticketTokens' | 'tickets'>, event: LifecycleEvent): Promise<number> {
  const found = await deps.tickets.get(event.ticketNumber);
  if (!found) {
    deps.log.warn(`Event ${event.id} (${event.type}) names ticket #${event.ticketNumber}, which does not exist; nothing to send`);
    return 0;
  }
  const directory = await deps.directory.load();
  const notifications = notificationsFor(event, {
    directory,
    ticket: found.value,
    from: deps.mail.from,
    messageIdDomain: deps.mail.messageIdDomain,
    customerLink: (number) => deps.mail.links.customerTicket(number, deps.ticketTokens.mailLink(number)),
    staffLink: deps.mail.links.staffTicket,
  });
  const contents = new Map<string, Promise<Buffer | null>>();
  const bytesOf = (sha256: string): Promise<Buffer | null> => {
    let read = contents.get(sha256);
    if (!read) contents.set(sha256, (read = deps.attachments.get(sha256)));
    return read;
  };
  /** The files' bytes, each read once per event; a file missing from storage is left out, said in the log. */
  const attachmentsOf = async (files: AttachmentRef[]): Promise<MailAttachment[]> => {
    const read = await Promise.all(files.map((f) => bytesOf(f.sha256)));
    return files.flatMap((f, i) => {
      const content = read[i];
      if (content) return [{ filename: f.filename, contentType: f.contentType, content }];
      deps.log.warn(`File ${f.filename} of ticket #${event.ticketNumber} is missing from storage; the e-mail goes without it`);
      return [];
    });
  };
  let sent = 0;
  for (const { kind, mail, files } of notifications) {
    const key = `mail:${event.id}:${kind}:${mail.to.email.toLowerCase()}`;
    if (sentHere.has(key) || (await beginMail(deps, key)) === 'finished') continue;
    try {
      await deps.mailer.send(files.length > 0 ? { ...mail, attachments: await attachmentsOf(files) } : mail);
    } catch (err) {
      await deps.claims.release(key); // let the redelivery try this one again at once
      throw err;
    }
    remember(key);
    sent++;
    try {
      await deps.claims.finish(key);
    } catch (err) {
      // Sent: the store being down must not send it again. This instance remembers it; another
      // instance would take the begun mail over after MAIL_TAKEOVER_MS (a rare second copy).
      deps.log.warn(`Mail ${key} was sent but could not be recorded as sent: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return sent;
}

/** The mails this instance sent lately, so a redelivery here never sends one again while the claims store is down. */
const sentHere = new Set<string>();
const SENT_HERE_LIMIT = 10_000;
function remember(key: string): void {
  sentHere.add(key);
  if (sentHere.size > SENT_HERE_LIMIT) sentHere.delete(sentHere.values().next().value!);
}

/**
 * How long a begun mail may stay unfinished before a redelivery takes it over: longer than a send
 * takes (ACS polls until the service accepts), short enough that a mail begun by a process that
 * was killed goes out soon after the restart.
 */
export const MAIL_TAKEOVER_MS = 15_000;
const HELD_POLL_MS = 250;

/**
 * Begins one mail, or answers `finished` when it was sent already. Begun and finished around the
 * send: a redelivery skips what was sent and takes over what a killed process had begun, so no
 * mail is lost; a delivery meeting a live one (the same event twice at once) waits for it to finish.
 */
async function beginMail(deps: Pick<AppDeps, 'claims' | 'clock'>, key: string): Promise<'begun' | 'finished'> {
  const deadline = Date.now() + MAIL_TAKEOVER_MS + 5 * HELD_POLL_MS;
  for (;;) {
    const state = await deps.claims.begin(key, deps.clock.now(), MAIL_TAKEOVER_MS);
    if (state !== 'held') return state;
    if (Date.now() > deadline) throw new DomainError('unavailable', `Mail ${key} is still being sent by another delivery; this one is retried`);
    await new Promise((resolve) => setTimeout(resolve, HELD_POLL_MS));
  }
}
