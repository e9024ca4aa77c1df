// The SLA counters' Cosmos DB adapter (issue 23): per-day counter documents and per-ticket
// placements in the slaCounters container, and the ticket walk the backfill needs. Its own module
// beside cosmos.ts, with a client of its own over the same account and database.
import { CosmosClient, ErrorResponse, type Container, type SqlParameter } from '@azure/cosmos';
import type { TokenCredential } from '@azure/core-auth';
import { DomainError } from '../domain/errors';
import { applyFact, dayCountersId, emptyDayCounters, type FactPlacement, type SlaCounterStore, type SlaDayCounters, type SlaFact } from '../domain/sla-report';
import { SLA_COUNTERS, TICKETS } from './containers';

export interface SlaCountersOptions {
  endpoint: string;
  database: string;
  key?: string;
  credential?: TokenCredential;
}

/** A ticket's placement for one group of facts (its first response, or one resolution target), and what was counted of it. */
interface PlacementDoc extends FactPlacement {
  id: string;
  type: 'slaPlacement';
  counted: string[];
}

type WithEtag<T> = T & { _etag?: string };

const MAX_ATTEMPTS = 25;

function statusOf(err: unknown): number | string | undefined {
  if (err instanceof ErrorResponse) return err.code;
  if (err && typeof err === 'object' && 'code' in err) return (err as { code?: number | string }).code;
  return undefined;
}

function unavailable(err: unknown): never {
  const status = statusOf(err);
  if (status === 429 || status === 503 || status === 'ECONNREFUSED' || status === 'ECONNRESET' || status === 'ETIMEDOUT') {
    throw new DomainError('unavailable', 'The SLA counters are unavailable; try again shortly');
  }
  throw err;
}

/** Back-off between attempts of a conditional write that lost to another writer. */
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 5 * 2 ** attempt)));

export class CosmosSlaCounters implements SlaCounterStore {
  private readonly client: CosmosClient;
  private readonly counters: Container;
  private readonly tickets: Container;

  constructor(options: SlaCountersOptions) {
    this.client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: options.credential }),
      connectionPolicy: { enableEndpointDiscovery: false, requestTimeout: 10_000, retryOptions: { maxRetryAttemptCount: 3, fixedRetryIntervalInMilliseconds: 0, maxWaitTimeInSeconds: 10 } },
    });
    const db = this.client.database(options.database);
    this.counters = db.container(SLA_COUNTERS.id);
    this.tickets = db.container(TICKETS.id);
  }

  dispose(): void {
    this.client.dispose();
  }

  private async read<T>(id: string): Promise<{ doc: T; etag: string } | null> {
    try {
      const res = await this.counters.item(id, id).read<WithEtag<T & { id: string }>>();
      return res.resource ? { doc: res.resource, etag: res.resource._etag ?? '' } : null;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      return unavailable(err);
    }
  }

  /** Creates `doc` unless it exists; false when someone else created it first. */
  private async create<T extends { id: string }>(doc: T): Promise<boolean> {
    try {
      await this.counters.items.create(doc);
      return true;
    } catch (err) {
      if (statusOf(err) === 409) return false;
      return unavailable(err);
    }
  }

  /** Replaces `doc` if unchanged since `etag`; false when someone else wrote first. */
  private async replace<T extends { id: string }>(doc: T, etag: string): Promise<boolean> {
    try {
      await this.counters.item(doc.id, doc.id).replace(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
      return true;
    } catch (err) {
      if (statusOf(err) === 412) return false;
      return unavailable(err);
    }
  }

  async countFacts(group: string, proposed: FactPlacement, facts: readonly SlaFact[]): Promise<number> {
    const id = `sla-placement:${group}`;
    let found = await this.read<PlacementDoc>(id);
    if (!found) {
      await this.create<PlacementDoc>({ id, type: 'slaPlacement', ...proposed, counted: [] });
      found = await this.read<PlacementDoc>(id);
      if (!found) throw new DomainError('unavailable', `The SLA placement of ${group} could not be read back; try again`);
    }
    const placement: FactPlacement = { slaPlanId: found.doc.slaPlanId, departmentId: found.doc.departmentId };
    const todo = facts.filter((f) => !found.doc.counted.includes(f.key));
    if (todo.length === 0) return 0;
    let added = 0;
    for (const fact of todo) if (await this.applyToDay(placement, fact)) added++;
    // What was counted, so a redelivery stops at the placement; a lost race here costs only a
    // re-check of the day's counters next time (they hold the keys themselves).
    const counted = [...found.doc.counted, ...todo.map((f) => f.key)];
    await this.replace<PlacementDoc>({ id, type: 'slaPlacement', slaPlanId: placement.slaPlanId, departmentId: placement.departmentId, counted }, found.etag);
    return added;
  }

  /** One fact into its day's counters by conditional replace, retried when another writer came first. */
  private async applyToDay(placement: FactPlacement, fact: SlaFact): Promise<boolean> {
    const id = dayCountersId(fact.day, placement);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const found = await this.read<SlaDayCounters>(id);
      const current = found ? stripSystem(found.doc) : emptyDayCounters(fact.day, placement);
      const next = applyFact(current, fact);
      if (next === null) return false;
      if (found ? await this.replace(next, found.etag) : await this.create(next)) return true;
      await backOff(attempt);
    }
    throw new DomainError('unavailable', `The SLA counters of ${fact.day} are too busy right now; try again`);
  }

  async days(from: string, to: string, departmentIds: readonly string[]): Promise<SlaDayCounters[]> {
    if (departmentIds.length === 0) return [];
    // The applied keys stay behind: the report needs only the sums.
    const query = {
      query:
        "SELECT c.id, c.type, c.day, c.slaPlanId, c.departmentId, c.firstResponse, c.resolution FROM c WHERE c.type = 'slaDay' AND c.day >= @from AND c.day <= @to AND ARRAY_CONTAINS(@departments, c.departmentId)",
      parameters: [
        { name: '@from', value: from },
        { name: '@to', value: to },
        { name: '@departments', value: [...departmentIds] },
      ] satisfies SqlParameter[],
    };
    try {
      const res = await this.counters.items.query<Omit<SlaDayCounters, 'applied'>>(query).fetchAll();
      return res.resources.map((d) => ({ ...d, applied: [] }));
    } catch (err) {
      return unavailable(err);
    }
  }

  async ticketsAfter(afterId: string | null, limit: number): Promise<string[]> {
    const query = {
      query: `SELECT TOP ${Math.trunc(limit)} VALUE c.id FROM c${afterId === null ? '' : ' WHERE c.id > @after'} ORDER BY c.id`,
      parameters: afterId === null ? [] : [{ name: '@after', value: afterId }],
    };
    try {
      return (await this.tickets.items.query<string>(query).fetchAll()).resources;
    } catch (err) {
      return unavailable(err);
    }
  }
}

function stripSystem(doc: WithEtag<SlaDayCounters>): SlaDayCounters {
  const { id, type, day, slaPlanId, departmentId, firstResponse, resolution, applied } = doc;
  return { id, type, day, slaPlanId, departmentId, firstResponse, resolution, applied };
}
