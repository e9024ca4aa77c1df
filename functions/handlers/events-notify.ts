import { notify } from '../../shared/app/notifications';
import { services } from '../../shared/services';
import { PoisonMessageError, type InvocationContext } from '../../shared/host/functions';
import { fromCloudEvent } from '../../shared/schemas/events';

/** Lifecycle event in, osTicket-style alerts and notices out (at most once per event and recipient). */
export async function eventsNotify(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = fromCloudEvent(message);
  if ('error' in parsed) throw new PoisonMessageError(parsed.error);
  const sent = await notify(await services(), parsed.event);
  // A line for every delivery, nothing sent included: a redelivered event is seen to send nothing.
  context.log(`#${parsed.event.ticketNumber} ${parsed.event.type} (message ${String(context.triggerMetadata?.['messageId'] ?? '?')}): ${sent} e-mail(s) sent`);
}
