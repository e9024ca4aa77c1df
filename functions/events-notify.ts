import { onFirstCall, serviceBusFunction } from '../shared/host/functions';
import { EVENTS_TOPIC, NOTIFICATIONS_SUBSCRIPTION, TRIGGER_CONNECTION } from '../shared/bus/topology';

serviceBusFunction({
  name: 'events-notify',
  connection: TRIGGER_CONNECTION,
  entity: { topic: EVENTS_TOPIC, subscription: NOTIFICATIONS_SUBSCRIPTION },
  handler: onFirstCall(() => import('./handlers/events-notify'), 'eventsNotify'),
});
