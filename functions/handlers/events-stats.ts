import { countEvent } from '../../shared/app/sla-report';
import { services } from '../../shared/services';
import { PoisonMessageError, type InvocationContext } from '../../shared/host/functions';
import { fromCloudEvent } from '../../shared/schemas/events';

/** Lifecycle event in, the SLA report's day counters up to date (each fact counted once, redeliveries included). */
export async function eventsStats(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = fromCloudEvent(message);
  if ('error' in parsed) throw new PoisonMessageError(parsed.error);
  const added = await countEvent(await services(), parsed.event);
  // A line for every delivery that may count, none counted included: a redelivery is seen to add nothing.
  if (added !== null) context.log(`#${parsed.event.ticketNumber} ${parsed.event.type} (message ${String(context.triggerMetadata?.['messageId'] ?? '?')}): ${added} SLA figure(s) counted`);
}
