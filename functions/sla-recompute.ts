import { onFirstCall, timerFunction } from '../shared/host/functions';

timerFunction({ name: 'sla-recompute', everyMinutes: 15, handler: onFirstCall(() => import('./handlers/sla-recompute'), 'slaRecompute') });
