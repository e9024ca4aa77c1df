import { sweepOverdue } from '../shared/app/sla-timers';
import { services } from '../shared/services';
import { timerFunction } from '../shared/host/functions';

/** Catches any SLA timer that went missing: open tickets past a resolution or first-response due time and not yet marked. */
export async function slaSweep(): Promise<void> {
  await sweepOverdue(await services());
}

// A safety net only: each due time has its own scheduled message (sla-timer); this catches one that went
// missing. Rare enough that an idle help desk stays idle (README, "Idle cost").
timerFunction({ name: 'sla-sweep', everyMinutes: 15, handler: slaSweep });
