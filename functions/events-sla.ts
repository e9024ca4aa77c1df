import { onFirstCall, serviceBusFunction } from '../shared/host/functions';
import { EVENTS_TOPIC, SLA_SUBSCRIPTION, TRIGGER_CONNECTION } from '../shared/bus/topology';

serviceBusFunction({ name: 'events-sla', connection: TRIGGER_CONNECTION, entity: { topic: EVENTS_TOPIC, subscription: SLA_SUBSCRIPTION }, handler: onFirstCall(() => import('./handlers/events-sla'), 'eventsSla') });
