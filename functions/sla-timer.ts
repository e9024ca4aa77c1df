import { checkDueTime } from '../shared/app/sla-timers';
import { SLA_TIMERS_QUEUE, TRIGGER_CONNECTION } from '../shared/bus/topology';
import { services } from '../shared/composition';
import { PoisonMessageError, serviceBusFunction, type InvocationContext } from '../shared/http/functions';
import { parseSlaTimer } from '../shared/schemas/events';

/** The scheduled SLA check: overdue if the ticket is still open and its due time is the one timed. */
export async function slaTimer(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = parseSlaTimer(message);
  if ('error' in parsed) throw new PoisonMessageError(parsed.error);
  const outcome = await checkDueTime(services(), parsed.timer);
  // Every outcome in the log: which path marked a ticket (this timer or the sweep) can be told.
  context.log(outcome === 'overdue' ? `#${parsed.timer.ticketNumber} is overdue (due ${parsed.timer.dueAt})` : `#${parsed.timer.ticketNumber} timer for ${parsed.timer.dueAt}: ${outcome}`);
}

serviceBusFunction({ name: 'sla-timer', connection: TRIGGER_CONNECTION, entity: { queue: SLA_TIMERS_QUEUE }, handler: slaTimer });
