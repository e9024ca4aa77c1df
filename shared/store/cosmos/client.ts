// The Cosmos DB client module: the only module that imports @azure/cosmos. It builds the client,
// counts requests, maps Cosmos status codes to domain error codes, and offers the few operations
// the per-port adapters beside it are made of (point reads and writes, queries, counts, one patch,
// the change feed), each by container id, so no adapter sees an SDK type.
import { ChangeFeedStartFrom, CosmosClient, ErrorResponse, StatusCodes, type Container, type ItemDefinition, type SqlParameter, type SqlQuerySpec } from '@azure/cosmos';
import type { TokenCredential } from '@azure/core-auth';
import { DomainError } from '../../domain/errors';
import type { Versioned } from '../../domain/model';
import type { Page } from '../../domain/queues';
import { CONTAINERS } from '../containers';

export type { SqlParameter, SqlQuerySpec };

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

/** One page after another of a change feed, with the continuation to resume from after it. */
export interface ChangeFeedReader {
  next(): Promise<{ documents: Record<string, unknown>[]; continuation: string | null }>;
}

type Stored<T> = T & { _etag?: string; _rid?: string; _self?: string; _ts?: number; _attachments?: string };

const SYSTEM_FIELDS = ['_etag', '_rid', '_self', '_ts', '_attachments', 'ttl'] as const;

/** A stored document without Cosmos DB's system fields and its TTL. */
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
export function mapError(err: unknown, what: string): never {
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

/** Whether `err` is the domain error `code` (the adapters' "someone else came first" cases). */
export function isDomainError(err: unknown, code: 'conflict' | 'precondition_failed' | 'not_found'): boolean {
  return err instanceof DomainError && err.code === code;
}

function versioned<T>(doc: Stored<T> | undefined, what: string): Versioned<T> {
  if (!doc?._etag) throw new Error(`Cosmos DB returned ${what} without an etag`);
  return { value: strip(doc), etag: doc._etag };
}

/** One client over one database, shared by every adapter of the account. */
export class CosmosDatabase {
  private readonly client: CosmosClient;
  private readonly containers = new Map<string, Container>();

  constructor(private readonly options: CosmosOptions) {
    this.client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: options.credential }),
      // The local server speaks plain HTTP on loopback and has no other regions to discover.
      connectionPolicy: { enableEndpointDiscovery: false, requestTimeout: 10_000, retryOptions: { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 10 } },
    });
  }

  private container(id: string): Container {
    let c = this.containers.get(id);
    if (!c) this.containers.set(id, (c = this.client.database(this.options.database).container(id)));
    return c;
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

  // ------------------------------------------------------------------ point operations

  /** The document, or null when there is none. */
  async read<T>(container: string, id: string, pk: string, what: string): Promise<Versioned<T> | null> {
    try {
      const res = await this.container(container).item(id, pk).read<Stored<T> & ItemDefinition>();
      this.count(`read ${container}`, res.requestCharge);
      return res.resource ? versioned<T>(res.resource, what) : null;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      return mapError(err, what);
    }
  }

  /** Fails with `conflict` when the id is taken. */
  async create<T extends object>(container: string, doc: T, what: string): Promise<Versioned<T>> {
    try {
      const res = await this.container(container).items.create<T & ItemDefinition>(doc as T & ItemDefinition);
      this.count(`create ${container}`, res.requestCharge);
      return versioned<T>(res.resource as Stored<T>, what);
    } catch (err) {
      return mapError(err, what);
    }
  }

  /**
   * Fails with `precondition_failed` when the document changed since `etag`, told to `onStaleWrite`
   * unless `contended` (documents many writers share by design, where a 412 is routine).
   */
  async replace<T extends object>(container: string, id: string, pk: string, doc: T, etag: string, what: string, contended = false): Promise<Versioned<T>> {
    try {
      const res = await this.container(container)
        .item(id, pk)
        .replace<T & ItemDefinition>(doc as T & ItemDefinition, { accessCondition: { type: 'IfMatch', condition: etag } });
      this.count(`replace ${container}`, res.requestCharge);
      return versioned<T>(res.resource as Stored<T>, what);
    } catch (err) {
      if (statusOf(err) === 412 && !contended) this.options.onStaleWrite?.(what);
      return mapError(err, what);
    }
  }

  async upsert<T extends { id: string }>(container: string, doc: T, what: string): Promise<void> {
    try {
      const res = await this.container(container).items.upsert(doc);
      this.count(`upsert ${container}`, res.requestCharge);
    } catch (err) {
      mapError(err, what);
    }
  }

  /** Deletes the document (only if unchanged since `etag`, when given); false when there was none. */
  async remove(container: string, id: string, pk: string, what: string, etag?: string): Promise<boolean> {
    try {
      const res = await this.container(container).item(id, pk).delete(etag ? { accessCondition: { type: 'IfMatch', condition: etag } } : undefined);
      this.count(`delete ${container}`, res.requestCharge);
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      return mapError(err, what);
    }
  }

  /** Adds one to the number at `path`; null when there is no such document. */
  async increment(container: string, id: string, path: string, what: string): Promise<number | null> {
    try {
      const res = await this.container(container).item(id, id).patch<Record<string, number>>([{ op: 'incr', path, value: 1 }]);
      this.count(`patch ${container}`, res.requestCharge);
      return res.resource?.[path.slice(1)] ?? 1;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      return mapError(err, what);
    }
  }

  // ------------------------------------------------------------------ queries

  /** One page of a query; a continuation Cosmos refuses (400) is the caller's bad cursor, `badCursor` says so. */
  async page<T>(container: string, query: SqlQuerySpec, what: string, page: { limit: number; continuation?: string; badCursor: string }): Promise<Page<T>> {
    try {
      const res = await this.container(container)
        .items.query<Stored<T>>(query, { maxItemCount: page.limit, ...(page.continuation ? { continuationToken: page.continuation } : {}) })
        .fetchNext();
      this.count(`query ${container}`, res.requestCharge);
      return { items: res.resources.map((d) => strip(d)), continuation: res.hasMoreResults && res.continuationToken ? res.continuationToken : null };
    } catch (err) {
      if (statusOf(err) === 400) throw new DomainError('validation_failed', page.badCursor);
      return mapError(err, what);
    }
  }

  /** Every result of a query (system fields stripped from documents); `operation` names it in the request counts. */
  async all<T>(container: string, query: SqlQuerySpec | string, what: string, operation = `query ${container}`): Promise<T[]> {
    try {
      const res = await this.container(container).items.query<T>(query).fetchAll();
      this.count(operation, res.requestCharge);
      return res.resources.map((d) => (d !== null && typeof d === 'object' ? strip(d as Stored<T>) : d));
    } catch (err) {
      return mapError(err, what);
    }
  }

  /** `SELECT VALUE COUNT(1) ...`: the sum of the partial counts Cosmos may answer with. */
  async count1(container: string, query: SqlQuerySpec, what: string): Promise<number> {
    const counts = await this.all<number>(container, query, what, `count ${container}`);
    return counts.reduce((sum, n) => sum + n, 0);
  }

  // ------------------------------------------------------------------ change feed

  /**
   * A reader of a container's change feed (latest version) through the SDK's pull model, from a
   * continuation (null: from the beginning). One iterator is kept across pages, as the SDK means
   * it to be; a page is empty when nothing changed (304).
   */
  changes(container: string, continuation: string | null): ChangeFeedReader {
    const iterator = this.container(container).items.getChangeFeedIterator<Record<string, unknown>>({
      changeFeedStartFrom: continuation ? ChangeFeedStartFrom.Continuation(continuation) : ChangeFeedStartFrom.Beginning(),
      maxItemCount: 100,
    });
    let position = continuation;
    return {
      next: async () => {
        try {
          const res = await iterator.readNext();
          this.count(`change feed ${container}`, res.requestCharge);
          position = res.continuationToken ?? position;
          return { documents: res.statusCode === StatusCodes.NotModified ? [] : res.result, continuation: position };
        } catch (err) {
          return mapError(err, 'The change feed');
        }
      },
    };
  }
}
