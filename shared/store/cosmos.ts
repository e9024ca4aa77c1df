// The Cosmos DB adapter: the only module that imports @azure/cosmos. It implements the domain's
// store ports and maps Cosmos status codes to domain error codes.
import { ChangeFeedStartFrom, CosmosClient, ErrorResponse, StatusCodes, type Container, type ItemDefinition, type SqlParameter } from '@azure/cosmos';
import type { TokenCredential } from '@azure/core-auth';
import { DomainError } from '../domain/errors';
import { directoryOf, type Directory, type DirectoryEntry, type DirectoryKind, type Ticket, type Versioned } from '../domain/model';
import type { ClaimStore, DirectoryStore, IdempotencyRecord, IdempotencyStore, IntakeCounters, TicketStore } from '../domain/ports';
import { QUEUE_ORDER, type Page, type QueueQuery, type TicketSummary } from '../domain/queues';
import { CLAIM_TTL_SECONDS, CONTAINERS, DIRECTORY, IDEMPOTENCY, IDEMPOTENCY_TTL_SECONDS, TICKETS } from './containers';
// The admin API's additions: the audit trail, deletions and ticket counts per directory entry.
import type { AuditEntry, AuditLog } from '../domain/audit';
import type { TicketReferences } from '../domain/ports';
import { API_KEYS, AUDIT, LEASES } from './containers';
import { LEGACY_API_KEY_SCOPES, type ApiKey, type ApiKeyScope, type ApiKeyStore } from '../domain/api-keys';

/** One page after another of a change feed, with the continuation to resume from after it. */
export interface ChangeFeedReader {
  next(): Promise<{ documents: Record<string, unknown>[]; continuation: string | null }>;
}

export interface CosmosOptions {
  endpoint: string;
  database: string;
  /** A key for the local emulator; otherwise `credential` (managed identity in Azure). */
  key?: string;
  credential?: TokenCredential;
  /** Counts requests per operation, for the cost figures of the benchmarks. */
  onRequest?: (operation: string, requestCharge: number) => void;
  /** Told of each conditional write refused with 412 (someone wrote first): contention made visible. */
  onStaleWrite?: (what: string) => void;
}

type Stored<T> = T & { _etag?: string; _rid?: string; _self?: string; _ts?: number; _attachments?: string };

const SYSTEM_FIELDS = ['_etag', '_rid', '_self', '_ts', '_attachments', 'ttl'] as const;

function strip<T>(doc: Stored<T>): T {
  const copy: Record<string, unknown> = { ...doc };
  for (const f of SYSTEM_FIELDS) delete copy[f];
  return copy as T;
}

function statusOf(err: unknown): number | string | undefined {
  if (err instanceof ErrorResponse) return err.code;
  if (err && typeof err === 'object' && 'code' in err) return (err as { code?: number | string }).code;
  return undefined;
}

/** Turns an SDK failure into the domain's vocabulary; anything unexpected is rethrown as is. */
function mapError(err: unknown, what: string): never {
  const status = statusOf(err);
  if (status === 409) throw new DomainError('conflict', `${what} already exists`);
  if (status === 412) throw new DomainError('precondition_failed', `${what} was changed by someone else`);
  if (status === 429 || status === 503 || status === 'ECONNREFUSED' || status === 'ECONNRESET' || status === 'ETIMEDOUT' || status === 'TimeoutError') {
    throw new DomainError('unavailable', 'The ticket store is unavailable; try again shortly');
  }
  if (err instanceof Error && /ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|timed out/i.test(`${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`)) {
    throw new DomainError('unavailable', 'The ticket store is unavailable; try again shortly');
  }
  throw err;
}

function versioned<T>(doc: Stored<T> | undefined, what: string): Versioned<T> {
  if (!doc?._etag) throw new Error(`Cosmos DB returned ${what} without an etag`);
  return { value: strip(doc), etag: doc._etag };
}

const SUMMARY_FIELDS: (keyof TicketSummary)[] = [
  'number', 'subject', 'customer', 'departmentId', 'topicId', 'priority', 'slaPlanId', 'assigneeId',
  'status', 'answered', 'overdue', 'dueAt', 'createdAt', 'updatedAt', 'lastActivityAt',
];

/** The SQL of a staff queue. Filters and ORDER BY match the composite indexes in containers.ts. */
export function queueSql(q: QueueQuery): { query: string; parameters: SqlParameter[] } {
  const where = ['ARRAY_CONTAINS(@departments, c.departmentId)'];
  const parameters: SqlParameter[] = [{ name: '@departments', value: q.departmentIds }];
  switch (q.queue) {
    case 'open':
      where.push("c.status = 'open'");
      break;
    case 'mine':
      // An agent's own waiting tickets too: pending is the open state with its clocks stopped.
      where.push("c.status IN ('open', 'pending')", 'c.assigneeId = @agent');
      parameters.push({ name: '@agent', value: q.agentId });
      break;
    case 'unassigned':
      where.push("c.status = 'open'", 'IS_NULL(c.assigneeId)');
      break;
    case 'answered':
      where.push("c.status = 'open'", 'c.answered = true');
      break;
    case 'overdue':
      where.push("c.status = 'open'", '(c.overdue = true OR c.dueAt <= @now)');
      parameters.push({ name: '@now', value: q.now });
      break;
    case 'pending':
      where.push("c.status = 'pending'");
      break;
    case 'closed':
      where.push("c.status IN ('resolved', 'closed')");
      break;
  }
  if (q.text) {
    where.push('(c.number = @text OR CONTAINS(LOWER(c.subject), @text) OR CONTAINS(LOWER(c.customer.email), @text))');
    parameters.push({ name: '@text', value: q.text.toLowerCase() });
  }
  const order = QUEUE_ORDER[q.queue];
  const select = SUMMARY_FIELDS.map((f) => `c.${f}`).join(', ');
  return {
    query: `SELECT ${select} FROM c WHERE ${where.join(' AND ')} ORDER BY c.${order.field} ${order.descending ? 'DESC' : 'ASC'}`,
    parameters,
  };
}

export class CosmosStore implements TicketStore {
  private readonly client: CosmosClient;
  private readonly tickets: Container;
  private readonly idempotency: Container;
  private readonly directory: Container;
  private readonly audit: Container;
  private readonly apiKeyDocs: Container;
  private readonly leaseDocs: Container;

  constructor(private readonly options: CosmosOptions) {
    this.client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: options.credential }),
      // The local server speaks plain HTTP on loopback and has no other regions to discover.
      connectionPolicy: { enableEndpointDiscovery: false, requestTimeout: 10_000, retryOptions: { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 10 } },
    });
    const db = this.client.database(options.database);
    this.tickets = db.container(TICKETS.id);
    this.idempotency = db.container(IDEMPOTENCY.id);
    this.directory = db.container(DIRECTORY.id);
    this.audit = db.container(AUDIT.id);
    this.apiKeyDocs = db.container(API_KEYS.id);
    this.leaseDocs = db.container(LEASES.id);
  }

  private count(operation: string, charge: number | undefined): void {
    this.options.onRequest?.(operation, charge ?? 0);
  }

  /** Creates the database and containers if absent. Locally only: in Azure, Bicep owns them. */
  async ensureSchema(): Promise<void> {
    const { database } = await this.client.databases.createIfNotExists({ id: this.options.database });
    for (const c of CONTAINERS) {
      await database.containers.createIfNotExists({
        id: c.id,
        partitionKey: { paths: [c.partitionKeyPath] },
        indexingPolicy: c.indexingPolicy,
        ...(c.defaultTtl !== undefined ? { defaultTtl: c.defaultTtl } : {}),
      });
    }
  }

  dispose(): void {
    this.client.dispose();
  }

  // ------------------------------------------------------------------ generic point operations

  private async read<T>(container: Container, id: string, pk: string, what: string): Promise<Versioned<T> | null> {
    try {
      const res = await container.item(id, pk).read<Stored<T> & ItemDefinition>();
      this.count(`read ${container.id}`, res.requestCharge);
      return res.resource ? versioned<T>(res.resource, what) : null;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      return mapError(err, what);
    }
  }

  private async createDoc<T extends object>(container: Container, doc: T, what: string): Promise<Versioned<T>> {
    try {
      const res = await container.items.create<T & ItemDefinition>(doc as T & ItemDefinition);
      this.count(`create ${container.id}`, res.requestCharge);
      return versioned<T>(res.resource as Stored<T>, what);
    } catch (err) {
      return mapError(err, what);
    }
  }

  private async replaceDoc<T extends object>(container: Container, id: string, pk: string, doc: T, etag: string, what: string): Promise<Versioned<T>> {
    try {
      const res = await container
        .item(id, pk)
        .replace<T & ItemDefinition>(doc as T & ItemDefinition, { accessCondition: { type: 'IfMatch', condition: etag } });
      this.count(`replace ${container.id}`, res.requestCharge);
      return versioned<T>(res.resource as Stored<T>, what);
    } catch (err) {
      if (statusOf(err) === 412) this.options.onStaleWrite?.(what);
      return mapError(err, what);
    }
  }

  // ------------------------------------------------------------------ tickets

  get(number: string): Promise<Versioned<Ticket> | null> {
    return this.read<Ticket>(this.tickets, number, number, `Ticket #${number}`);
  }

  create(ticket: Ticket): Promise<Versioned<Ticket>> {
    return this.createDoc(this.tickets, ticket, `Ticket #${ticket.number}`);
  }

  replace(ticket: Ticket, etag: string): Promise<Versioned<Ticket>> {
    return this.replaceDoc(this.tickets, ticket.id, ticket.id, ticket, etag, `Ticket #${ticket.number}`);
  }

  async queue(q: QueueQuery): Promise<Page<TicketSummary>> {
    if (q.departmentIds.length === 0) return { items: [], continuation: null };
    try {
      const iterator = this.tickets.items.query<TicketSummary>(queueSql(q), {
        maxItemCount: q.limit,
        ...(q.continuation ? { continuationToken: q.continuation } : {}),
      });
      const res = await iterator.fetchNext();
      this.count('query tickets', res.requestCharge);
      return { items: res.resources, continuation: res.hasMoreResults && res.continuationToken ? res.continuationToken : null };
    } catch (err) {
      if (statusOf(err) === 400) throw new DomainError('validation_failed', 'The cursor is not valid for this queue');
      return mapError(err, 'Queue');
    }
  }

  private async ids(query: string, parameters: SqlParameter[], what: string): Promise<string[]> {
    try {
      const res = await this.tickets.items.query<string>({ query, parameters }).fetchAll();
      this.count(`query ${what}`, res.requestCharge);
      return res.resources;
    } catch (err) {
      return mapError(err, what);
    }
  }

  dueNotMarked(now: string, limit: number, target: 'resolution' | 'firstResponse'): Promise<string[]> {
    // Older tickets have no first-response fields: an undefined due time never compares true, and
    // an undefined response time counts as none.
    const pending =
      target === 'firstResponse'
        ? 'c.firstResponseOverdue = false AND (NOT IS_DEFINED(c.firstResponseAt) OR IS_NULL(c.firstResponseAt)) AND c.firstResponseDueAt <= @now'
        : 'c.overdue = false AND c.dueAt <= @now';
    return this.ids(`SELECT TOP ${Math.trunc(limit)} VALUE c.id FROM c WHERE c.status = 'open' AND ${pending}`, [{ name: '@now', value: now }], 'due tickets');
  }

  openAfter(afterId: string | null, scope: { field: 'departmentId' | 'slaPlanId'; id: string } | null, limit: number): Promise<string[]> {
    // Keyset paging by number (the local server has no OFFSET); the scope is one of two fixed fields.
    // Pending tickets too: their targets are recomputed now and again (pauses added) when they resume.
    const where = ["c.status IN ('open', 'pending')", ...(afterId === null ? [] : ['c.id > @after']), ...(scope === null ? [] : [`c.${scope.field === 'departmentId' ? 'departmentId' : 'slaPlanId'} = @scope`])];
    return this.ids(
      `SELECT TOP ${Math.trunc(limit)} VALUE c.id FROM c WHERE ${where.join(' AND ')} ORDER BY c.id`,
      [...(afterId === null ? [] : [{ name: '@after', value: afterId }]), ...(scope === null ? [] : [{ name: '@scope', value: scope.id }])],
      'open tickets',
    );
  }

  // ------------------------------------------------------------------ the tickets' change feed

  /**
   * A reader of the tickets' change feed (latest version) through the SDK's pull model, from a
   * continuation (null: from the beginning). One iterator is kept across pages, as the SDK means
   * it to be; a page is empty when nothing changed (304). The local change-feed host's reader; in
   * Azure the Functions Cosmos DB trigger reads the feed itself.
   */
  ticketChanges(continuation: string | null): ChangeFeedReader {
    const iterator = this.tickets.items.getChangeFeedIterator<Record<string, unknown>>({
      changeFeedStartFrom: continuation ? ChangeFeedStartFrom.Continuation(continuation) : ChangeFeedStartFrom.Beginning(),
      maxItemCount: 100,
    });
    let position = continuation;
    return {
      next: async () => {
        try {
          const res = await iterator.readNext();
          this.count('change feed tickets', res.requestCharge);
          position = res.continuationToken ?? position;
          return { documents: res.statusCode === StatusCodes.NotModified ? [] : res.result, continuation: position };
        } catch (err) {
          return mapError(err, 'The change feed');
        }
      },
    };
  }

  /** Where a local change-feed reader keeps its place (one document per function in `leases`). */
  readonly feedLeases = {
    get: async (id: string): Promise<string | null> => {
      const doc = await this.read<{ id: string; continuation: string }>(this.leaseDocs, id, id, `Lease ${id}`);
      return doc?.value.continuation ?? null;
    },
    put: async (id: string, continuation: string): Promise<void> => {
      try {
        const res = await this.leaseDocs.items.upsert({ id, continuation });
        this.count('upsert leases', res.requestCharge);
      } catch (err) {
        mapError(err, `Lease ${id}`);
      }
    },
  };

  // ------------------------------------------------------------------ idempotency records and claims

  private idemDoc(r: IdempotencyRecord): IdempotencyRecord & { id: string; ttl: number } {
    return { ...r, id: r.keyHash, ttl: IDEMPOTENCY_TTL_SECONDS };
  }

  private async readIdem(keyHash: string): Promise<Versioned<IdempotencyRecord> | null> {
    const doc = await this.read<IdempotencyRecord & { id?: string }>(this.idempotency, keyHash, keyHash, 'Idempotency record');
    if (!doc) return null;
    const { id: _id, ...value } = doc.value;
    return { value, etag: doc.etag };
  }

  // IdempotencyStore's get/create/replace share names with TicketStore's, so they are exposed
  // through a separate object rather than overloads.
  readonly idempotencyRecords: IdempotencyStore = {
    get: (keyHash) => this.readIdem(keyHash),
    create: async (r) => {
      const res = await this.createDoc(this.idempotency, this.idemDoc(r), 'Idempotency record');
      return { value: r, etag: res.etag };
    },
    replace: async (r, etag) => {
      const res = await this.replaceDoc(this.idempotency, r.keyHash, r.keyHash, this.idemDoc(r), etag, 'Idempotency record');
      return { value: r, etag: res.etag };
    },
  };

  /** Once-only markers (a notification sent for an event and recipient), kept as long as retries can come. */
  readonly claims: ClaimStore = {
    claim: async (key) => {
      try {
        await this.createDoc(this.idempotency, { id: `claim:${key}`, ttl: CLAIM_TTL_SECONDS }, 'Claim');
        return true;
      } catch (err) {
        if (err instanceof DomainError && err.code === 'conflict') return false;
        throw err;
      }
    },
    release: async (key) => {
      const id = `claim:${key}`;
      try {
        await this.idempotency.item(id, id).delete();
      } catch (err) {
        if (statusOf(err) !== 404) mapError(err, 'Claim');
      }
    },
  };

  // ------------------------------------------------------------------ intake limits

  /**
   * Counters live in the idempotency container (partition key /id, nothing indexed, per-item TTL):
   * one document per counter and window, so a hit is one patch (`incr`) by point, about one write
   * of a tiny unindexed item; the first hit of a window is a 404 then a create.
   */
  readonly intakeCounters: IntakeCounters = {
    hit: async (id, ttlSeconds) => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          const res = await this.idempotency.item(id, id).patch<{ count: number }>([{ op: 'incr', path: '/count', value: 1 }]);
          this.count('patch idempotency', res.requestCharge);
          return res.resource?.count ?? 1;
        } catch (err) {
          if (statusOf(err) !== 404) return mapError(err, 'Intake counter');
        }
        try {
          await this.createDoc(this.idempotency, { id, count: 1, ttl: ttlSeconds }, 'Intake counter');
          return 1;
        } catch (err) {
          if (!(err instanceof DomainError && err.code === 'conflict')) throw err; // another instance created it: patch again
        }
      }
      throw new DomainError('unavailable', 'The intake counters are busy; try again');
    },
    openTicketsOf: async (email) => {
      try {
        const res = await this.tickets.items
          .query<number>({ query: "SELECT VALUE COUNT(1) FROM c WHERE c.customer.email = @email AND c.status IN ('open', 'pending')", parameters: [{ name: '@email', value: email }] })
          .fetchAll();
        this.count('count tickets', res.requestCharge);
        return res.resources.reduce((sum, n) => sum + n, 0);
      } catch (err) {
        return mapError(err, 'Open ticket count');
      }
    },
  };

  // ------------------------------------------------------------------ directory

  readonly directoryEntries: DirectoryStore = {
    load: async (): Promise<Directory> => {
      try {
        const res = await this.directory.items.query<Stored<DirectoryEntry>>('SELECT * FROM c').fetchAll();
        this.count('query directory', res.requestCharge);
        return directoryOf(res.resources.map((d) => strip(d)));
      } catch (err) {
        return mapError(err, 'Directory');
      }
    },
    get: <K extends DirectoryKind>(kind: K, id: string) =>
      this.read<Extract<DirectoryEntry, { kind: K }>>(this.directory, id, kind, `${kind} ${id}`),
    createIfAbsent: async (entry) => {
      try {
        await this.createDoc(this.directory, entry, `${entry.kind} ${entry.id}`);
        return true;
      } catch (err) {
        if (err instanceof DomainError && err.code === 'conflict') return false;
        throw err;
      }
    },
    replace: async (entry, etag) => {
      await this.replaceDoc(this.directory, entry.id, entry.kind, entry, etag, `${entry.kind} ${entry.id}`);
    },
    remove: async (kind, id, etag) => {
      try {
        const res = await this.directory.item(id, kind).delete({ accessCondition: { type: 'IfMatch', condition: etag } });
        this.count('delete directory', res.requestCharge);
      } catch (err) {
        mapError(err, `${kind} ${id}`);
      }
    },
  };

  // ------------------------------------------------------------------ ticket references, audit trail

  /** `SELECT VALUE COUNT(1)` on an indexed field: Cosmos answers from the index, the local server too. */
  readonly ticketReferences: TicketReferences = {
    count: async (field, id) => {
      if (!['departmentId', 'assigneeId', 'slaPlanId', 'topicId'].includes(field)) throw new Error(`Not a ticket reference field: ${field}`);
      try {
        const res = await this.tickets.items
          .query<number>({ query: `SELECT VALUE COUNT(1) FROM c WHERE c.${field} = @id`, parameters: [{ name: '@id', value: id }] })
          .fetchAll();
        this.count('count tickets', res.requestCharge);
        return res.resources.reduce((sum, n) => sum + n, 0);
      } catch (err) {
        return mapError(err, 'Ticket count');
      }
    },
  };

  readonly auditEntries: AuditLog = {
    append: async (entry) => {
      await this.createDoc(this.audit, entry, `Audit entry ${entry.id}`);
    },
    list: async (q) => {
      const where: string[] = [];
      const parameters: SqlParameter[] = [];
      if (q.entityKind) {
        where.push('c.entityKind = @kind');
        parameters.push({ name: '@kind', value: q.entityKind });
      }
      if (q.entityId) {
        where.push('c.entityId = @entity');
        parameters.push({ name: '@entity', value: q.entityId });
      }
      const query = `SELECT * FROM c${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.at DESC`;
      try {
        const res = await this.audit.items
          .query<Stored<AuditEntry>>({ query, parameters }, { maxItemCount: q.limit, ...(q.continuation ? { continuationToken: q.continuation } : {}) })
          .fetchNext();
        this.count('query audit', res.requestCharge);
        return { items: res.resources.map((d) => strip(d)), continuation: res.hasMoreResults && res.continuationToken ? res.continuationToken : null };
      } catch (err) {
        if (statusOf(err) === 400) throw new DomainError('validation_failed', 'The cursor is not valid for this audit query');
        return mapError(err, 'Audit trail');
      }
    },
  };

  // ------------------------------------------------------------------ API keys

  /**
   * Stored with the key's hash as the document id (a point read per check) and the public id as
   * `keyId`; the hash never leaves this adapter except as ApiKey.keyHash.
   */
  readonly apiKeys: ApiKeyStore = {
    get: async (keyHash) => {
      const doc = await this.read<ApiKeyDoc>(this.apiKeyDocs, keyHash, keyHash, 'API key');
      return doc ? fromApiKeyDoc(doc.value) : null;
    },
    create: async (key) => {
      await this.createDoc<ApiKeyDoc>(this.apiKeyDocs, toApiKeyDoc(key), 'API key');
    },
    list: async () => {
      try {
        const res = await this.apiKeyDocs.items.query<Stored<ApiKeyDoc>>('SELECT * FROM c').fetchAll();
        this.count('query apiKeys', res.requestCharge);
        return res.resources.map((d) => fromApiKeyDoc(strip(d)));
      } catch (err) {
        return mapError(err, 'API keys');
      }
    },
    remove: async (id) => {
      try {
        const res = await this.apiKeyDocs.items
          .query<Stored<ApiKeyDoc>>({ query: 'SELECT * FROM c WHERE c.keyId = @id', parameters: [{ name: '@id', value: id }] })
          .fetchAll();
        this.count('query apiKeys', res.requestCharge);
        const doc = res.resources[0];
        if (doc === undefined) return null;
        await this.apiKeyDocs.item(doc.id, doc.id).delete();
        return fromApiKeyDoc(strip(doc));
      } catch (err) {
        if (statusOf(err) === 404) return null; // revoked by someone else meanwhile
        return mapError(err, `API key ${id}`);
      }
    },
  };
}

/** Keys stored before issue 18 have no `scopes`: they are read with both (LEGACY_API_KEY_SCOPES). */
type ApiKeyDoc = Omit<ApiKey, 'keyHash' | 'id' | 'scopes'> & { id: string; keyId: string; scopes?: ApiKeyScope[] };

function toApiKeyDoc({ keyHash, id, ...rest }: ApiKey): ApiKeyDoc {
  return { ...rest, id: keyHash, keyId: id };
}

function fromApiKeyDoc({ id, keyId, scopes, ...rest }: ApiKeyDoc): ApiKey {
  return { ...rest, scopes: scopes ?? [...LEGACY_API_KEY_SCOPES], keyHash: id, id: keyId };
}
