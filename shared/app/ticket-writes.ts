// Every lifecycle action is one conditional write: read the ticket, apply the pure rule, replace
// with If-Match on the etag. A stale etag means someone else wrote first: re-read and re-apply,
// unless the client pinned a version with its own If-Match, which then answers 412.
import { DomainError, notFound } from '../domain/errors';
import type { Ticket, Versioned } from '../domain/model';
import type { TicketStore } from '../domain/ports';

const MAX_ATTEMPTS = 25;
const MAX_BACKOFF_MS = 500;

export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

export function httpEtag(etag: string): string {
  return `"${normalizeEtag(etag)}"`;
}

export type TicketUpdate = (ticket: Ticket) => { ticket: Ticket; changed: boolean };

export async function readTicket(store: TicketStore, number: string): Promise<Versioned<Ticket>> {
  const found = await store.get(number);
  if (!found) throw notFound(`There is no ticket #${number}`);
  return found;
}

export async function writeTicket(
  store: TicketStore,
  number: string,
  update: TicketUpdate,
  ifMatch?: string,
): Promise<Versioned<Ticket>> {
  for (let attempt = 1; ; attempt++) {
    const current = await readTicket(store, number);
    if (ifMatch !== undefined && normalizeEtag(ifMatch) !== normalizeEtag(current.etag)) {
      throw new DomainError('precondition_failed', `Ticket #${number} has changed since you read it; reload it and try again`);
    }
    const { ticket, changed } = update(current.value);
    if (!changed) return current;
    try {
      return await store.replace(ticket, current.etag);
    } catch (err) {
      const stale = err instanceof DomainError && err.code === 'precondition_failed';
      if (!stale) throw err;
      if (ifMatch !== undefined) {
        throw new DomainError('precondition_failed', `Ticket #${number} has changed since you read it; reload it and try again`);
      }
      if (attempt >= MAX_ATTEMPTS) throw new DomainError('unavailable', `Ticket #${number} is too busy right now; try again`);
      // Full-jitter exponential back-off, capped: writers that collided on the same ticket spread
      // out fast enough that a burst of 50 drains within the attempts (a linear one left 1 in 7
      // of them "too busy"; test/reliability/concurrency.test.ts).
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(MAX_BACKOFF_MS, 5 * 2 ** attempt)));
    }
  }
}
