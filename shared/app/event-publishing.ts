// Publishing from the change feed (the transactional outbox, as Azure documents it for Cosmos DB):
// a lifecycle action writes the ticket with its new events in the outbox and does nothing more.
// The tickets' change feed brings every changed ticket here (the Cosmos DB trigger in Azure, the
// change-feed host locally) and its outbox events go to Service Bus with the event id as message
// id, so an event sent twice (a ticket read again, a retried batch) is dropped by the bus.
import { OUTBOX_RETENTION_MS } from '../domain/lifecycle';
import type { LifecycleEvent } from '../domain/model';
import type { AppDeps } from './deps';

/** Past this, events are late: worth a warning. */
export const PUBLISH_LAG_WARNING_MS = 60_000;
/**
 * Past this, events are at risk: a write prunes outbox events after OUTBOX_RETENTION_MS, so a
 * publisher that far behind would miss them. The alarm leaves 11 hours to act.
 */
export const PUBLISH_LAG_ALARM_MS = 3_600_000;

/** What the feed brings: a stored ticket, of which only the outbox and the write time are read. */
interface ChangedTicket {
  number: string;
  outbox: LifecycleEvent[];
  /** When the store applied the write, in seconds (Cosmos DB's system property). */
  _ts: number;
}

function isChangedTicket(doc: unknown): doc is ChangedTicket {
  const d = doc as Partial<ChangedTicket> | null;
  return typeof d === 'object' && d !== null && typeof d.number === 'string' && Array.isArray(d.outbox) && typeof d._ts === 'number';
}

/**
 * Event ids this instance has sent lately: a ticket written again comes back with its earlier
 * events still in the outbox, and they need not go out again. Only a saving: after a restart they
 * are sent again and the bus drops them.
 */
const recentlySent = new Set<string>();
const RECENT_LIMIT = 50_000;

/** Adds the ids, newest last (a Set keeps insertion order), and drops the oldest past the limit. */
function remember(ids: readonly string[]): void {
  for (const id of ids) {
    recentlySent.delete(id);
    recentlySent.add(id);
  }
  for (const id of recentlySent) {
    if (recentlySent.size <= RECENT_LIMIT) break;
    recentlySent.delete(id);
  }
}

export interface PublishedBatch {
  published: number;
  /** How long after its write the oldest ticket of the batch was read. */
  lagMs: number;
}

/**
 * Publishes the outbox events of a batch of changed tickets. Throws when the bus refuses them, so
 * that the batch is retried (the trigger's retry policy; the local host's loop) and the feed does
 * not move on: an acknowledged event is never skipped.
 */
export async function publishChangedTickets(deps: Pick<AppDeps, 'events' | 'clock' | 'log'>, documents: readonly unknown[]): Promise<PublishedBatch> {
  const now = deps.clock.now().getTime();
  const tickets = documents.filter(isChangedTicket);
  const horizon = now - OUTBOX_RETENTION_MS;
  const events = tickets.flatMap((t) => t.outbox).filter((e) => !recentlySent.has(e.id) && Date.parse(e.time) >= horizon);
  const lagMs = tickets.length === 0 ? 0 : Math.max(0, now - Math.min(...tickets.map((t) => t._ts * 1000)));
  if (lagMs > PUBLISH_LAG_ALARM_MS) {
    deps.log.error(`Event publishing is ${Math.round(lagMs / 60_000)} min behind the ticket writes: outbox events older than ${OUTBOX_RETENTION_MS / 3_600_000} h are pruned by the next write and would be lost; check Service Bus and the events-publish function`);
  } else if (lagMs > PUBLISH_LAG_WARNING_MS) {
    deps.log.warn(`Event publishing is ${Math.round(lagMs / 1000)} s behind the ticket writes`);
  }
  if (events.length > 0) {
    await deps.events.publish(events);
    remember(events.map((e) => e.id));
  }
  return { published: events.length, lagMs };
}

/** For tests: forget what was sent, as a new instance would. */
export function forgetSentEvents(): void {
  recentlySent.clear();
}
