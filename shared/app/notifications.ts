// The notification function's work: an event in, e-mails out, at most once per event and recipient.
import { notificationsFor } from '../domain/notifications';
import type { LifecycleEvent } from '../domain/model';
import type { AppDeps } from './deps';

export async function notify(deps: AppDeps, event: LifecycleEvent): Promise<number> {
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
    customerLink: deps.mail.links.customerTicket,
    staffLink: deps.mail.links.staffTicket,
  });
  let sent = 0;
  for (const { kind, mail } of notifications) {
    // Claim before sending: a redelivered event finds the claim and sends nothing twice.
    const key = `mail:${event.id}:${kind}:${mail.to.email.toLowerCase()}`;
    if (!(await deps.claims.claim(key))) continue;
    try {
      await deps.mailer.send(mail);
      sent++;
    } catch (err) {
      await deps.claims.release(key); // let the redelivery try this one again
      throw err;
    }
  }
  return sent;
}
