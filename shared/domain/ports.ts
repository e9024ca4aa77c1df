// The ports the application needs, owned by the domain; adapters outside implement them.
import type { Directory, DirectoryEntry, DirectoryKind, Ticket, Versioned } from './model';
import type { Page, QueueQuery, TicketSummary } from './queues';

/**
 * Tickets, one document each, keyed by number. `create` fails with `conflict` when the number is
 * taken; `replace` fails with `precondition_failed` when the etag is stale; both fail with
 * `unavailable` when the store cannot be reached.
 */
export interface TicketStore {
  get(number: string): Promise<Versioned<Ticket> | null>;
  create(ticket: Ticket): Promise<Versioned<Ticket>>;
  replace(ticket: Ticket, etag: string): Promise<Versioned<Ticket>>;
  queue(query: QueueQuery): Promise<Page<TicketSummary>>;
}

/** What a retried intake needs to answer exactly as the first attempt did. */
export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  ticketNumber: string;
  accessToken: string;
  createdAt: string;
}

export interface IdempotencyStore {
  get(keyHash: string): Promise<Versioned<IdempotencyRecord> | null>;
  create(record: IdempotencyRecord): Promise<Versioned<IdempotencyRecord>>;
  replace(record: IdempotencyRecord, etag: string): Promise<Versioned<IdempotencyRecord>>;
}

export interface DirectoryStore {
  load(): Promise<Directory>;
  get<K extends DirectoryKind>(kind: K, id: string): Promise<Versioned<Extract<DirectoryEntry, { kind: K }>> | null>;
  /** Creates the entry if absent; never overwrites (seeding is safe to repeat). */
  createIfAbsent(entry: DirectoryEntry): Promise<boolean>;
  replace(entry: DirectoryEntry, etag: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}
