import { onFirstCall, serviceBusFunction } from '../shared/host/functions';
import { EVENTS_TOPIC, STATS_SUBSCRIPTION, TRIGGER_CONNECTION } from '../shared/bus/topology';

serviceBusFunction({ name: 'events-stats', connection: TRIGGER_CONNECTION, entity: { topic: EVENTS_TOPIC, subscription: STATS_SUBSCRIPTION }, handler: onFirstCall(() => import('./handlers/events-stats'), 'eventsStats') });
