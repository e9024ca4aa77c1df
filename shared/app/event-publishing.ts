// The transactional outbox: events are written with the ticket, published after the write, and
// then cleared. A failed publish leaves them in place for the sweep, so none is ever lost; a
// repeated publish is harmless because the bus drops a message id it has seen.
import { DomainError } from '../domain/errors';
import { withoutPublished } from '../domain/lifecycle';
import type { Ticket, Versioned } from '../domain/model';
import type { AppDeps } from './deps';
import { writeTicket } from './ticket-writes';

/** After a failure, requests stop trying inline for a while and leave publishing to the sweep. */
const BACKOFF_MS = 10_000;
let inlinePausedUntil = 0;

/** Publishes the outbox and clears it; returns the ticket as it is stored afterwards. */
async function publishAndClear(deps: AppDeps, saved: Versioned<Ticket>): Promise<Versioned<Ticket>> {
  const events = saved.value.outbox;
  if (events.length === 0) return saved;
  await deps.events.publish(events);
  const clear = (t: Ticket) => withoutPublished(t, events.map((e) => e.id));
  try {
    // Usually nobody wrote in between: replace the version in hand, saving a read.
    return await deps.tickets.replace(clear(saved.value).ticket, saved.etag);
  } catch (err) {
    if (!(err instanceof DomainError && err.code === 'precondition_failed')) throw err;
    return writeTicket(deps.tickets, saved.value.number, clear);
  }
}

/**
 * Called right after a ticket write. Never fails the request: the ticket is saved, and its events
 * are safe in the outbox whatever happens here. Returns the latest stored version, so the ETag the
 * client gets back is the one its next conditional write needs.
 */
export async function publishAfterWrite(deps: AppDeps, saved: Versioned<Ticket>): Promise<Versioned<Ticket>> {
  if (saved.value.outbox.length === 0 || Date.now() < inlinePausedUntil) return saved;
  try {
    return await publishAndClear(deps, saved);
  } catch (err) {
    inlinePausedUntil = Date.now() + BACKOFF_MS;
    deps.log.warn(`Publishing the events of ticket #${saved.value.number} failed; the outbox sweep will retry: ${(err as Error).message}`);
    return saved;
  }
}

/**
 * Publishes what earlier attempts left behind (publish failed, process died): page after page,
 * a few tickets at a time, until the backlog is gone or the run's time is up.
 */
export async function sweepOutboxes(deps: AppDeps, options: { olderThanMs?: number; pageSize?: number; maxMs?: number } = {}): Promise<number> {
  const started = Date.now();
  const cutoff = new Date(deps.clock.now().getTime() - (options.olderThanMs ?? 5_000)).toISOString();
  let published = 0;
  let tickets = 0;
  for (;;) {
    const numbers = await deps.tickets.pendingOutboxes(cutoff, options.pageSize ?? 100);
    for (let i = 0; i < numbers.length; i += 8) {
      const counts = await Promise.all(
        numbers.slice(i, i + 8).map(async (number) => {
          const found = await deps.tickets.get(number);
          if (!found || found.value.outbox.length === 0) return 0;
          await publishAndClear(deps, found);
          return found.value.outbox.length;
        }),
      );
      published += counts.reduce((a, b) => a + b, 0);
    }
    tickets += numbers.length;
    if (numbers.length < (options.pageSize ?? 100) || Date.now() - started > (options.maxMs ?? 8_000)) break;
  }
  if (published > 0) {
    inlinePausedUntil = 0; // the transport is back
    deps.log.info(`Outbox sweep published ${published} event(s) of ${tickets} ticket(s)`);
  }
  return published;
}
