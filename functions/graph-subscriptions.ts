import { onFirstCall, timerFunction } from '../shared/host/functions';

timerFunction({ name: 'graph-subscriptions', everyHours: 6, handler: onFirstCall(() => import('./handlers/graph-subscriptions'), 'graphSubscriptions') });
