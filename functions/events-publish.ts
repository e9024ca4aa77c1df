import { publishChangedTickets } from '../shared/app/event-publishing';
import { services } from '../shared/services';
import { changeFeedFunction } from '../shared/host/functions';

/**
 * Sends the outbox events of every changed ticket to Service Bus. In Azure the trigger looks at the
 * feed a second after draining it (feedPollDelay; the default is 5 s), so an event leaves within
 * about a second of its write.
 */
changeFeedFunction({
  name: 'events-publish',
  connection: 'CosmosConnection',
  container: 'tickets',
  leaseContainer: 'leases',
  pollDelayMs: 1_000,
  handler: async (documents) => {
    await publishChangedTickets(await services(), documents);
  },
});
