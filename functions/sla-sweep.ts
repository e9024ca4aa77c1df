import { onFirstCall, timerFunction } from '../shared/host/functions';

// A safety net only: each due time has its own scheduled message (sla-timer); this catches one that went
// missing. Rare enough that an idle help desk stays idle (README, "Idle cost").
timerFunction({ name: 'sla-sweep', everyMinutes: 15, handler: onFirstCall(() => import('./handlers/sla-sweep'), 'slaSweep') });
