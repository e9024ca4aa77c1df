// The notification function's work: an event in, e-mails out, at most once per event and recipient.
import { notificationsFor } from '../domain/notifications';
import type { AttachmentRef } from '../domain/attachments';
import type { LifecycleEvent } from '../domain/model';
import type { MailAttachment } from '../domain/ports';
import type { AppDeps } from './deps';

export async function notify(deps: Pick<AppDeps, 'attachments' | 'claims' | 'directory' | 'log' | 'mail' | 'mailer' | 'ticketTokens' | 'tickets'>, event: LifecycleEvent): Promise<number> {
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
    // Begun before sending and finished after: a redelivered event sends nothing already sent, and
    // takes over a mail begun but never finished (the process died in between; Service Bus only
    // redelivers a message whose consumer did not complete it), so none is lost.
    const key = `mail:${event.id}:${kind}:${mail.to.email.toLowerCase()}`;
    if (!(await deps.claims.begin(key))) continue;
    await deps.mailer.send(files.length > 0 ? { ...mail, attachments: await attachmentsOf(files) } : mail);
    await deps.claims.finish(key);
    sent++;
  }
  return sent;
}
