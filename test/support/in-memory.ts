// In-memory stand-ins for the application's ports, for the unit tests of shared/app. Each one keeps
// what it was asked (`calls`, with the outcome), so a test can show which path ran, and can be told
// to step in before its next call of an operation (`before`): let a concurrent writer win a race,
// fail a write, or wait at a barrier. They follow the port contracts of shared/domain/ports.ts:
// `conflict` on a taken key, `precondition_failed` on a stale etag.
import { RejectingVerifier } from '../../shared/auth/jwt';
import { ticketTokens } from '../../shared/auth/ticket-tokens';
import { organisationalDomain } from '../../shared/mail/organisational-domain';
import type { AppDeps } from '../../shared/app/deps';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../shared/domain/attachments';
import type { AuditEntry, AuditQuery } from '../../shared/domain/audit';
import { DomainError, type ErrorCode } from '../../shared/domain/errors';
import { directoryOf, isOpenState, type Directory, type DirectoryEntry, type DirectoryKind, type LifecycleEvent, type Ticket, type Versioned } from '../../shared/domain/model';
import type {
  AttachmentStore,
  AuditLog,
  ClaimStore,
  DirectoryStore,
  DueTimeScheduler,
  EventPublisher,
  IdempotencyRecord,
  IdempotencyStore,
  Mailer,
  OutgoingMail,
  TicketStore,
} from '../../shared/domain/ports';
import type { Page } from '../../shared/domain/queues';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';

type Hook = () => unknown;

export interface Call<Op extends string> {
  op: Op;
  key: string;
  /** 'ok', the DomainError code it failed with, or 'error' for anything else. */
  outcome: 'ok' | ErrorCode | 'error';
}

/** What every stand-in shares: the record of calls and the one-shot hooks. */
class Recorder<Op extends string> {
  readonly calls: Call<Op>[] = [];
  private readonly hooks = new Map<Op, Hook[]>();

  /** Runs `hook` at the start of the next call of `op`, once; a hook that throws fails that call. */
  before(op: Op, hook: Hook): this {
    this.hooks.set(op, [...(this.hooks.get(op) ?? []), hook]);
    return this;
  }

  /** Fails the next call of `op` with `err`, before it changes anything. */
  failNext(op: Op, err: Error): this {
    return this.before(op, () => {
      throw err;
    });
  }

  /** The outcomes of the calls of `op`, in order. */
  outcomes(op: Op): Call<Op>['outcome'][] {
    return this.calls.filter((c) => c.op === op).map((c) => c.outcome);
  }

  protected async run<T>(op: Op, key: string, body: () => T): Promise<T> {
    const hook = this.hooks.get(op)?.shift();
    try {
      if (hook) await hook();
      const result = body();
      this.calls.push({ op, key, outcome: 'ok' });
      return result;
    } catch (err) {
      this.calls.push({ op, key, outcome: err instanceof DomainError ? err.code : 'error' });
      throw err;
    }
  }
}

let version = 0;
/** The mail service whose Authentication-Results in-memory apps trust. */
export const TRUSTED_MX = 'mx.helpdesk.test';

/** The help-desk secret of in-memory apps: tests derive the e-mailed link's token with it too. */
export const MEMORY_SECRET = 'in-memory-help-desk-secret-of-32-bytes-or-more';

const nextEtag = () => `"v${++version}"`;

/** Documents keyed by id with etags, as Cosmos DB keeps them: create refuses a taken id, replace a stale etag. */
class VersionedDocs<T> {
  readonly docs = new Map<string, Versioned<T>>();

  constructor(private readonly what: string) {}

  read(id: string): Versioned<T> | null {
    const found = this.docs.get(id);
    return found ? structuredClone(found) : null;
  }

  create(id: string, value: T): Versioned<T> {
    if (this.docs.has(id)) throw new DomainError('conflict', `${this.what} ${id} exists already`);
    return this.put(id, value);
  }

  replace(id: string, value: T, etag: string): Versioned<T> {
    const found = this.docs.get(id);
    if (!found) throw new DomainError('not_found', `${this.what} ${id} does not exist`);
    if (found.etag !== etag) throw new DomainError('precondition_failed', `${this.what} ${id} has changed`);
    return this.put(id, value);
  }

  put(id: string, value: T): Versioned<T> {
    const saved = { value: structuredClone(value), etag: nextEtag() };
    this.docs.set(id, saved);
    return structuredClone(saved);
  }

  values(): T[] {
    return [...this.docs.values()].map((d) => structuredClone(d.value));
  }
}

/** Ids alone may repeat across test fixtures (counters): an event is told apart by id, type and time. */
const eventKey = (e: LifecycleEvent) => `${e.id}|${e.type}|${e.time}`;

export class MemoryTickets extends Recorder<'get' | 'create' | 'replace' | 'dueNotMarked' | 'openAfter'> implements TicketStore {
  private readonly docs = new VersionedDocs<Ticket>('Ticket');

  get(number: string) {
    return this.run('get', number, () => this.docs.read(number));
  }

  create(ticket: Ticket) {
    return this.run('create', ticket.number, () => this.docs.create(ticket.number, ticket));
  }

  replace(ticket: Ticket, etag: string) {
    return this.run('replace', ticket.number, () => this.docs.replace(ticket.number, ticket, etag));
  }

  queue(): Promise<Page<never>> {
    throw new Error('Queues are not modelled in memory; the Cosmos DB tests cover them');
  }

  dueNotMarked(now: string, limit: number, target: 'resolution' | 'firstResponse') {
    const pending = (t: Ticket) =>
      target === 'firstResponse'
        ? !t.firstResponseOverdue && !t.firstResponseAt && !!t.firstResponseDueAt && t.firstResponseDueAt <= now
        : !t.overdue && t.dueAt !== null && t.dueAt <= now;
    return this.run('dueNotMarked', now, () =>
      this.docs.values().filter((t) => t.status === 'open' && pending(t)).slice(0, limit).map((t) => t.number),
    );
  }

  openAfter(afterId: string | null, scope: { field: 'departmentId' | 'slaPlanId'; id: string } | null, limit: number) {
    return this.run('openAfter', afterId ?? '', () =>
      this.docs
        .values()
        .filter((t) => isOpenState(t.status) && (afterId === null || t.number > afterId) && (scope === null || t[scope.field] === scope.id))
        .map((t) => t.number)
        .sort()
        .slice(0, limit),
    );
  }

  /** Stores a ticket as it is, without a call being recorded (the test's own setup). */
  seed(ticket: Ticket): Versioned<Ticket> {
    for (const e of ticket.outbox) this.seededEvents.add(eventKey(e));
    return this.docs.put(ticket.number, ticket);
  }

  private readonly seededEvents = new Set<string>();

  /**
   * The events the actions put in the stored tickets' outboxes (not those seeded with them): what
   * the change feed would publish (shared/app/event-publishing.ts).
   */
  emitted(): LifecycleEvent[] {
    return this.docs.values().flatMap((t) => t.outbox).filter((e) => !this.seededEvents.has(eventKey(e)));
  }

  /** The stored ticket, for assertions. */
  stored(number: string): Ticket {
    const found = this.docs.read(number);
    if (!found) throw new Error(`no ticket #${number} in the store`);
    return found.value;
  }

  all(): Ticket[] {
    return this.docs.values();
  }
}

export class MemoryIdempotency extends Recorder<'get' | 'create' | 'replace'> implements IdempotencyStore {
  private readonly docs = new VersionedDocs<IdempotencyRecord>('Idempotency record');

  get(keyHash: string) {
    return this.run('get', keyHash, () => this.docs.read(keyHash));
  }

  create(record: IdempotencyRecord) {
    return this.run('create', record.keyHash, () => this.docs.create(record.keyHash, record));
  }

  replace(record: IdempotencyRecord, etag: string) {
    return this.run('replace', record.keyHash, () => this.docs.replace(record.keyHash, record, etag));
  }

  all(): IdempotencyRecord[] {
    return this.docs.values();
  }
}

export class MemoryDirectory extends Recorder<'load' | 'get' | 'createIfAbsent' | 'replace' | 'remove'> implements DirectoryStore {
  private readonly docs = new VersionedDocs<DirectoryEntry>('Directory entry');

  /** A deep copy of the entries: tests change their own directory without touching the seed. */
  constructor(entries: readonly DirectoryEntry[] = DEMO_DIRECTORY) {
    super();
    for (const e of entries) this.docs.put(`${e.kind}:${e.id}`, e);
  }

  load(): Promise<Directory> {
    return this.run('load', '', () => directoryOf(this.docs.values()));
  }

  get<K extends DirectoryKind>(kind: K, id: string) {
    return this.run('get', `${kind}:${id}`, () => this.docs.read(`${kind}:${id}`) as Versioned<Extract<DirectoryEntry, { kind: K }>> | null);
  }

  createIfAbsent(entry: DirectoryEntry) {
    return this.run('createIfAbsent', `${entry.kind}:${entry.id}`, () => {
      if (this.docs.read(`${entry.kind}:${entry.id}`)) return false;
      this.docs.put(`${entry.kind}:${entry.id}`, entry);
      return true;
    });
  }

  async replace(entry: DirectoryEntry, etag: string): Promise<void> {
    await this.run('replace', `${entry.kind}:${entry.id}`, () => this.docs.replace(`${entry.kind}:${entry.id}`, entry, etag));
  }

  async remove(kind: DirectoryKind, id: string, etag: string): Promise<void> {
    await this.run('remove', `${kind}:${id}`, () => {
      const found = this.docs.read(`${kind}:${id}`);
      if (!found) throw new DomainError('not_found', `${kind} ${id} does not exist`);
      if (found.etag !== etag) throw new DomainError('precondition_failed', `${kind} ${id} has changed`);
      this.docs.docs.delete(`${kind}:${id}`);
    });
  }

  /** The stored entry, for assertions. */
  stored<K extends DirectoryKind>(kind: K, id: string): Extract<DirectoryEntry, { kind: K }> {
    const found = this.docs.read(`${kind}:${id}`);
    if (!found) throw new Error(`no ${kind} ${id} in the directory`);
    return found.value as Extract<DirectoryEntry, { kind: K }>;
  }
}

export class MemoryClaims extends Recorder<'claim' | 'release' | 'begin' | 'finish'> implements ClaimStore {
  readonly held = new Set<string>();
  readonly finished = new Set<string>();
  private readonly begunAt = new Map<string, number>();

  begin(key: string, now: Date, staleAfterMs: number) {
    return this.run('begin', key, (): 'begun' | 'held' | 'finished' => {
      if (this.finished.has(key)) return 'finished';
      const at = this.begunAt.get(key);
      if (this.held.has(key) && at !== undefined && now.getTime() - at < staleAfterMs) return 'held';
      this.held.add(key);
      this.begunAt.set(key, now.getTime());
      return 'begun';
    });
  }

  finish(key: string) {
    return this.run('finish', key, () => void this.finished.add(key));
  }

  claim(key: string) {
    return this.run('claim', key, () => {
      if (this.held.has(key)) return false;
      this.held.add(key);
      return true;
    });
  }

  release(key: string) {
    return this.run('release', key, () => void this.held.delete(key));
  }
}

export class MemoryAudit extends Recorder<'append'> implements AuditLog {
  readonly entries: AuditEntry[] = [];

  append(entry: AuditEntry) {
    return this.run('append', entry.entityId, () => void this.entries.push(structuredClone(entry)));
  }

  async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const matching = this.entries.filter((e) => (!query.entityKind || e.entityKind === query.entityKind) && (!query.entityId || e.entityId === query.entityId));
    return { items: matching.reverse().slice(0, query.limit), continuation: null };
  }
}

export class RecordingPublisher extends Recorder<'publish'> implements EventPublisher {
  readonly published: LifecycleEvent[] = [];

  publish(events: readonly LifecycleEvent[]) {
    return this.run('publish', events.map((e) => e.id).join(','), () => void this.published.push(...structuredClone(events)));
  }
}

export class RecordingMailer extends Recorder<'send'> implements Mailer {
  readonly sent: OutgoingMail[] = [];

  send(mail: OutgoingMail) {
    return this.run('send', mail.to.email, () => void this.sent.push(mail));
  }
}

export class RecordingScheduler extends Recorder<'scheduleCheck' | 'scheduleRecompute'> implements DueTimeScheduler {
  readonly recomputes: { jobId: string; at: string }[] = [];

  scheduleRecompute(jobId: string, at: string) {
    return this.run('scheduleRecompute', jobId, () => void this.recomputes.push({ jobId, at }));
  }

  readonly scheduled: { ticketNumber: string; dueAt: string; again: boolean; target?: 'firstResponse'; warnAt?: string }[] = [];

  scheduleCheck(ticketNumber: string, dueAt: string, options?: { again?: boolean; target?: 'resolution' | 'firstResponse'; warnAt?: string }) {
    const target = options?.target === 'firstResponse' ? { target: 'firstResponse' as const } : {};
    const warning = options?.warnAt ? { warnAt: options.warnAt } : {};
    return this.run('scheduleCheck', ticketNumber, () => void this.scheduled.push({ ticketNumber, dueAt, again: options?.again ?? false, ...target, ...warning }));
  }
}

export class MemoryAttachments implements AttachmentStore {
  readonly files = new Map<string, Buffer>();
  async put(sha256: string, content: Uint8Array): Promise<void> {
    if (!this.files.has(sha256)) this.files.set(sha256, Buffer.from(content));
  }
  async get(sha256: string): Promise<Buffer | null> {
    return this.files.get(sha256) ?? null;
  }
}

/** A clock that moves only when told. */
export class ManualClock {
  constructor(public ms: number = Date.parse('2026-11-24T09:00:00.000Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Log lines by level, so a test can read what the application said. */
export function recordingLog() {
  const lines = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  return { lines, info: (m: string) => void lines.info.push(m), warn: (m: string) => void lines.warn.push(m), error: (m: string) => void lines.error.push(m) };
}

/** The whole application over in-memory ports; the parts are returned too, for setup and assertions. */
export function memoryApp(options: { clock?: { now(): Date }; directory?: readonly DirectoryEntry[] } = {}) {
  const parts = {
    tickets: new MemoryTickets(),
    idempotency: new MemoryIdempotency(),
    directory: new MemoryDirectory(options.directory),
    clock: options.clock ?? new ManualClock(),
    audit: new MemoryAudit(),
    events: new RecordingPublisher(),
    dueTimes: new RecordingScheduler(),
    mailer: new RecordingMailer(),
    claims: new MemoryClaims(),
    attachments: new MemoryAttachments(),
    log: recordingLog(),
  };
  let ids = 0;
  const deps: AppDeps = {
    ...parts,
    newId: () => `id-${++ids}`,
    staffTokens: new RejectingVerifier('No staff tokens in these tests'),
    ticketReferences: { count: async () => 0 },
    ticketTokens: ticketTokens(() => MEMORY_SECRET),
    inboundMail: { trust: { kind: 'authserv-id', ids: [TRUSTED_MX] }, organisationalDomain },
    mail: {
      from: { name: 'Help desk', email: 'helpdesk@example.com' },
      messageIdDomain: 'example.com',
      links: { customerTicket: (n, token) => `https://help.example.com/#ticket=${n}&token=${token}`, staffTicket: (n) => `https://help.example.com/staff#ticket=${n}` },
    },
    attachmentLimits: DEFAULT_ATTACHMENT_LIMITS,
    mailboxes: { allowPrivateHosts: false },
  };
  return { deps, ...parts };
}

/** Lets `n` callers through together: each waits until all have arrived (forces an interleaving). */
export function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived >= n) open();
    return opened;
  };
}
