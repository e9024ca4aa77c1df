import { runRecomputes } from '../../shared/app/sla-recompute';
import { services } from '../../shared/services';

/**
 * A safety net for SLA recompute jobs (a schedule, plan or department changed): each job has its own
 * message on the sla-timers queue (sla-timer works it); this picks up one whose message was never
 * sent (Service Bus down at the admin's change). Rare, so an idle help desk stays idle.
 */
export async function slaRecompute(): Promise<void> {
  await runRecomputes(await services());
}
