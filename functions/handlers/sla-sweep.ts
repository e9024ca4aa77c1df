import { sweepOverdue } from '../../shared/app/sla-timers';
import { services } from '../../shared/services';

/** Catches any SLA timer that went missing: open tickets past a resolution or first-response due time and not yet marked. */
export async function slaSweep(): Promise<void> {
  await sweepOverdue(await services());
}
