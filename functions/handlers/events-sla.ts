import { scheduleForEvent } from '../../shared/app/sla-timers';
import { services } from '../../shared/services';
import { PoisonMessageError } from '../../shared/host/functions';
import { fromCloudEvent } from '../../shared/schemas/events';

/** A new ticket or a changed due time: schedule the SLA check for that moment. */
export async function eventsSla(message: unknown): Promise<void> {
  const parsed = fromCloudEvent(message);
  if ('error' in parsed) throw new PoisonMessageError(parsed.error);
  await scheduleForEvent(await services(), parsed.event);
}
