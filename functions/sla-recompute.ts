import { runRecomputes } from '../shared/app/sla-recompute';
import { services } from '../shared/composition';
import { timerFunction } from '../shared/http/functions';

/** Works off SLA recompute jobs (a schedule, plan or department changed): one page of open tickets per job per run. */
export async function slaRecompute(): Promise<void> {
  await runRecomputes(services());
}

timerFunction({ name: 'sla-recompute', everySeconds: 5, handler: slaRecompute });
