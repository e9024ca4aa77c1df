// The ports the application needs, owned by the domain; adapters outside implement them.
import type { Directory, DirectoryEntry, DirectoryKind, LifecycleEvent, Ticket, Versioned } from './model';
import type { ApiKey } from './api-keys';
import type { AuditEntry, AuditQuery } from './audit';
import type { Page, QueueQuery, TicketSummary } from './queues';
import type { FactPlacement, SlaDayCounters, SlaFact } from './sla-report';

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
  /** Numbers of open tickets after `afterId` in number order, optionally only one department's or plan's (the SLA recompute's pages). */
  openAfter(afterId: string | null, scope: { field: 'departmentId' | 'slaPlanId'; id: string } | null, limit: number): Promise<string[]>;
  /**
   * Numbers of open tickets not yet marked overdue whose due time is at or before `now` (the SLA
   * sweep): the resolution target's `dueAt`, or the first-response target not yet responded to.
   */
  dueNotMarked(now: string, limit: number, target: 'resolution' | 'firstResponse'): Promise<string[]>;
}

/** What a retried intake needs to answer exactly as the first attempt did. */
export interface IdempotencyRecord {
  keyHash: string;
  requestHash: string;
  ticketNumber: string;
  /** Records written before issue 18 held the 201 token in clear; newer ones derive it (TicketTokens). */
  accessToken?: string;
  createdAt: string;
}

/**
 * Ticket tokens recomputed from the help-desk secret, never stored nor sent on Service Bus:
 * the token of the links e-mailed to the requester (it proves the address, per ticket), and the
 * 201 token of an intake with an Idempotency-Key (the same on every retry).
 */
export interface TicketTokens {
  mailLink(ticketNumber: string): string;
  isMailLink(ticketNumber: string, token: string): boolean;
  idempotentIntake(keyHash: string, ticketNumber: string): string;
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
  /** Deletes the entry if its etag still matches (`precondition_failed` otherwise). */
  remove(kind: DirectoryKind, id: string, etag: string): Promise<void>;
}

/** How many tickets (any status) refer to a directory entry: an indexed count, never a scan. */
export interface TicketReferences {
  count(field: 'departmentId' | 'assigneeId' | 'slaPlanId' | 'topicId', id: string): Promise<number>;
}

export interface Clock {
  now(): Date;
}

/** Publishes lifecycle events; a re-sent event (same id) is dropped by the bus, not delivered twice. */
export interface EventPublisher {
  publish(events: readonly LifecycleEvent[]): Promise<void>;
}

/** The two SLA targets of a ticket, each with its own timer. */
export type SlaTarget = 'resolution' | 'firstResponse';

/** Asks for the ticket to be checked at its due time (a scheduled message). */
export interface DueTimeScheduler {
  /**
   * `again`: a repeat of a check already made, which duplicate detection must not drop.
   * `target`: which due time (the resolution target unless said otherwise).
   * `warnAt`: not the check at the due time but the "approaching SLA" warning, delivered at `warnAt`.
   */
  scheduleCheck(ticketNumber: string, dueAt: string, options?: { again?: boolean; target?: SlaTarget; warnAt?: string }): Promise<void>;
  /** Asks for an SLA recompute job to be worked on at `at` (a message on the same queue), so no timer polls for jobs. */
  scheduleRecompute(jobId: string, at: string): Promise<void>;
}

export interface MailAddress {
  name: string;
  email: string;
}

/** A file that goes with an e-mail. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * How one e-mail leaves (issue 25): `default` through the help desk's own transport
 * (Communication Services in Azure, the outbox and SMTP locally); `graph` through the Microsoft 365
 * mailbox's sendMail; `smtp` through a mailbox's own SMTP server, its password named by `secretRef`.
 */
export type MailRoute =
  | { method: 'default' }
  | { method: 'graph'; mailbox: string }
  | { method: 'smtp'; server: ImapServer; secretRef: string };

export interface OutgoingMail {
  /** Unique per event and recipient; it also lets replies thread back to the ticket. */
  messageId: string;
  from: MailAddress;
  to: MailAddress;
  subject: string;
  text: string;
  html: string;
  ticketNumber: string;
  attachments?: MailAttachment[];
  /** Where replies should go, when not to `from`. */
  replyTo?: MailAddress;
  /** Threading (RFC 5322 §3.6.4): the message this one answers, and the thread it belongs to. */
  inReplyTo?: string;
  references?: string[];
  /** Absent: the default route. */
  route?: MailRoute;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** What intake limits read and count, shared by every instance (issue 19). */
export interface IntakeCounters {
  /**
   * Adds one to the counter `id` (created at 1, kept `ttlSeconds`) and answers its new value.
   * `likely` says which the caller expects, so the adapter tries that first: a counter per
   * requester is nearly always new in its window, one per client address usually exists.
   */
  hit(id: string, ttlSeconds: number, likely?: 'new' | 'existing'): Promise<number>;
  /** How many open tickets the requester address has. */
  openTicketsOf(email: string): Promise<number>;
}

/** Once-only markers: `claim` is true for the first caller of a key, false for every later one. */
export interface ClaimStore {
  /** True for the first claim of `key`, false while it is held (or was finished). */
  claim(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
  /**
   * For work whose caller is redelivered when it stops (a Service Bus message): `begun` for the
   * first, `finished` once `finish` was called, `held` while another has begun it. An unfinished
   * claim older than `staleAfterMs` is taken over (`begun`): the one who made it died before
   * finishing, and the work must not stay undone forever.
   */
  begin(key: string, now: Date, staleAfterMs: number): Promise<'begun' | 'held' | 'finished'>;
  /** The work under `key` is done: `begin` answers `finished` from now on. */
  finish(key: string): Promise<void>;
}

/**
 * File contents, stored once per SHA-256: a retried or repeated upload of the same bytes stores
 * nothing new. Fails with `unavailable` when the storage cannot be reached.
 */
export interface AttachmentStore {
  /** Stores the bytes under their hash; nothing happens when they are there already. */
  put(sha256: string, content: Uint8Array): Promise<void>;
  /** The bytes, or null when none are stored under this hash. */
  get(sha256: string): Promise<Buffer | null>;
}

/** Where an IMAP (or SMTP) server is reached: the mailbox's `fetch` or `send`, without its secret's name. */
export interface ImapServer {
  host: string;
  port: number;
  /** True: TLS from the first byte (port 993); false: STARTTLS when the server offers it, else plain (loopback). */
  tls: boolean;
  username: string;
}

/** A message waiting in a mailbox's inbox: its bytes, or null when it is over `maxBytes` (not downloaded). */
export interface WaitingMail {
  /** The message's id in its mailbox: an IMAP UID, or Graph's immutable id. */
  id: string;
  size: number;
  raw: Buffer | null;
}

/** One short session with a mailbox: opened by a fetch run and closed at its end, never kept. */
export interface MailboxConnection {
  /** The messages in the inbox, oldest first, at most `limit`; `more` when others wait beyond them. */
  waiting(limit: number, maxBytes: number): Promise<{ messages: WaitingMail[]; more: boolean }>;
  /** Moves a message from the inbox to `folder`, made when missing; one already gone is no error. */
  move(id: string, folder: string): Promise<void>;
  close(): Promise<void>;
}

/** Graph's change-notification subscription on a mailbox's inbox (issue 25). */
export interface GraphSubscription {
  id: string;
  expiresAt: string;
}

/**
 * The clientState of a mailbox's Graph subscription (issue 25): it names the mailbox and proves a
 * notification comes from a subscription the help desk made, since the notification URL is public
 * and Graph signs nothing for notifications without resource data.
 */
export interface GraphClientStates {
  of(mailboxId: string): string;
  /** The mailbox a clientState was made for; null for anything else. */
  mailboxOf(clientState: unknown): string | null;
}

/**
 * A Microsoft 365 mailbox through Microsoft Graph, with the function app's identity (issue 25).
 * Message ids are Graph's immutable ids, which a move does not change. Fails with `unavailable`
 * when Graph cannot be reached or refuses, `not_found` for a subscription or message that is gone.
 */
export interface GraphMailboxes {
  /** A subscription to new messages in the mailbox's inbox; Graph validates `notificationUrl` before it answers. */
  subscribe(mailbox: string, request: { notificationUrl: string; clientState: string; expiresAt: string }): Promise<GraphSubscription>;
  /** A later expiry for a subscription (`not_found` when it is gone: make a new one). */
  renew(subscriptionId: string, expiresAt: string): Promise<GraphSubscription>;
  /** The mailbox's inbox, or only the message `onlyId`, as a fetch run reads it. */
  connect(mailbox: string, onlyId?: string): MailboxConnection;
  /** Sends a complete MIME message from the mailbox (saved to its Sent Items). */
  sendMime(mailbox: string, mime: Buffer): Promise<void>;
}

/** Opens mailboxes; fails with `unavailable` when the server cannot be reached or refuses the login. */
export interface MailboxReader {
  open(server: ImapServer, password: string): Promise<MailboxConnection>;
}

/**
 * Secrets named by the directory (a mailbox's `secretRef`): in Azure the help desk's Key Vault,
 * locally a file. Fails with `not_found` when there is no such secret, never showing a value.
 */
export interface SecretReader {
  read(name: string): Promise<string>;
}

/** Append-only: entries are never replaced or removed. Newest first when listed. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  list(query: AuditQuery): Promise<Page<AuditEntry>>;
}

/** Integration API keys, kept by the hash of the key (api-keys.ts). */
export interface ApiKeyStore {
  get(keyHash: string): Promise<ApiKey | null>;
  create(key: ApiKey): Promise<void>;
  list(): Promise<ApiKey[]>;
  /** Removes the key with this public id and returns it; null when there is none. */
  remove(id: string): Promise<ApiKey | null>;
}

/** Where the SLA report's counters are kept (sla-report.ts). */
export interface SlaCounterStore {
  /**
   * Counts a group's facts (a ticket's first response, or one resolution target), each once, under
   * the placement the group got when first counted (`proposed` the first time). Returns how many
   * were new.
   */
  countFacts(group: string, proposed: FactPlacement, facts: readonly SlaFact[]): Promise<number>;
  /** The counters of the days from `from` to `to` (YYYY-MM-DD, both included) of these departments. */
  days(from: string, to: string, departmentIds: readonly string[]): Promise<SlaDayCounters[]>;
  /** Ticket numbers after `afterId` in id order, any status (the backfill's pages). */
  ticketsAfter(afterId: string | null, limit: number): Promise<string[]>;
}

/** Who a staff bearer token names (shared/auth/jwt.ts verifies it). */
export interface Principal {
  email: string | null;
  objectId: string | null;
  /** An application signing in as itself (client credentials, with the automation app role). */
  application?: boolean;
}

export interface StaffTokenVerifier {
  verify(token: string): Promise<Principal>;
}
