import { onFirstCall, serviceBusFunction } from '../shared/host/functions';
import { SLA_TIMERS_QUEUE, TRIGGER_CONNECTION } from '../shared/bus/topology';

serviceBusFunction({ name: 'sla-timer', connection: TRIGGER_CONNECTION, entity: { queue: SLA_TIMERS_QUEUE }, handler: onFirstCall(() => import('./handlers/sla-timer'), 'slaTimer') });
