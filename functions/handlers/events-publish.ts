import { publishChangedTickets } from '../../shared/app/event-publishing';
import { services } from '../../shared/services';

/**
 * Sends the outbox events of every changed ticket to Service Bus. In Azure the trigger looks at the
 * feed a second after draining it (feedPollDelay; the default is 5 s), so an event leaves within
 * about a second of its write.
 */
export async function eventsPublish(documents: unknown[]): Promise<void> {
  await publishChangedTickets(await services(), documents);
}
