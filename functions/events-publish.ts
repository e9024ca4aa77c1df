import { changeFeedFunction, onFirstCall } from '../shared/host/functions';

// The tickets' change feed, read a second after draining it (see the handler for why).
changeFeedFunction({
  name: 'events-publish',
  connection: 'CosmosConnection',
  container: 'tickets',
  leaseContainer: 'leases',
  pollDelayMs: 1_000,
  handler: onFirstCall(() => import('./handlers/events-publish'), 'eventsPublish'),
});
