import { runRecomputeJob } from '../../shared/app/sla-recompute';
import { checkDueTime } from '../../shared/app/sla-timers';
import { services } from '../../shared/services';
import { PoisonMessageError, type InvocationContext } from '../../shared/host/functions';
import { parseSlaTimer } from '../../shared/schemas/events';

/** The scheduled SLA check of one target (resolution or first response): overdue if still open, unmet, and the due time is the one timed. */
export async function slaTimer(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = parseSlaTimer(message);
  if ('error' in parsed) throw new PoisonMessageError(parsed.error);
  if ('recomputeJobId' in parsed) {
    const job = await runRecomputeJob(await services(), parsed.recomputeJobId);
    context.log(`SLA recompute ${parsed.recomputeJobId}: ${job ? `${job.status}, ${job.scanned} scanned, ${job.changed} changed` : 'no such job'}`);
    return;
  }
  const outcome = await checkDueTime(await services(), parsed.timer);
  // Every outcome in the log: which path marked a ticket (this timer or the sweep) can be told.
  // The resolution target keeps its original wording; the first-response target names itself.
  const { ticketNumber, dueAt, target } = parsed.timer;
  const what = target === 'firstResponse' ? 'first response' : '';
  if (outcome === 'overdue') context.log(`#${ticketNumber} ${what ? `${what} ` : ''}is overdue (due ${dueAt})`);
  else if (outcome === 'warned') context.log(`#${ticketNumber} ${what ? `${what} ` : ''}approaches its SLA (due ${dueAt})`);
  else if (parsed.timer.warnAt) context.log(`#${ticketNumber} ${what ? `${what} ` : ''}warning for ${dueAt}: ${outcome}`);
  else context.log(`#${ticketNumber} ${what ? `${what} ` : ''}timer for ${dueAt}: ${outcome}`);
}
