import { sweepOutboxes } from '../shared/app/event-publishing';
import { services } from '../shared/composition';
import { timerFunction } from '../shared/http/functions';

/** Publishes events that an earlier attempt left in a ticket's outbox. */
export async function outboxSweep(): Promise<void> {
  await sweepOutboxes(services());
}

timerFunction({ name: 'outbox-sweep', everySeconds: 10, handler: outboxSweep });
