import { sweepOverdue } from '../shared/app/sla-timers';
import { services } from '../shared/composition';
import { timerFunction } from '../shared/http/functions';

/** Catches any SLA timer that went missing: open tickets past a resolution or first-response due time and not yet marked. */
export async function slaSweep(): Promise<void> {
  await sweepOverdue(services());
}

timerFunction({ name: 'sla-sweep', everySeconds: 30, handler: slaSweep });
