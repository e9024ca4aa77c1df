// The SLA counters' Cosmos DB adapter (issue 23): per-day counter documents and per-ticket
// placements in the slaCounters container, and the ticket walk the backfill needs, over the
// account's shared client (client.ts).
import { DomainError } from '../../domain/errors';
import { applyFact, dayCountersId, emptyDayCounters, type FactPlacement, type SlaDayCounters, type SlaFact } from '../../domain/sla-report';
import type { SlaCounterStore } from '../../domain/ports';
import { SLA_COUNTERS, TICKETS } from '../containers';
import { isDomainError, type CosmosDatabase, type SqlParameter } from './client';

/** A ticket's placement for one group of facts (its first response, or one resolution target), and what was counted of it. */
interface PlacementDoc extends FactPlacement {
  id: string;
  type: 'slaPlacement';
  counted: string[];
}

const MAX_ATTEMPTS = 25;

/** Back-off between attempts of a conditional write that lost to another writer. */
const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 5 * 2 ** attempt)));

export class CosmosSlaCounters implements SlaCounterStore {
  constructor(private readonly db: CosmosDatabase) {}

  private async read<T>(id: string): Promise<{ doc: T; etag: string } | null> {
    const found = await this.db.read<T>(SLA_COUNTERS.id, id, id, `SLA counters ${id}`);
    return found ? { doc: found.value, etag: found.etag } : null;
  }

  /** Creates `doc` unless it exists; false when someone else created it first. */
  private async create<T extends { id: string }>(doc: T): Promise<boolean> {
    try {
      await this.db.create(SLA_COUNTERS.id, doc, `SLA counters ${doc.id}`);
      return true;
    } catch (err) {
      if (isDomainError(err, 'conflict')) return false;
      throw err;
    }
  }

  /** Replaces `doc` if unchanged since `etag`; false when someone else wrote first. */
  private async replace<T extends { id: string }>(doc: T, etag: string): Promise<boolean> {
    try {
      // A day's counters are shared by every ticket of the day: losing a race is routine, not news.
      await this.db.replace(SLA_COUNTERS.id, doc.id, doc.id, doc, etag, `SLA counters ${doc.id}`, true);
      return true;
    } catch (err) {
      if (isDomainError(err, 'precondition_failed')) return false;
      throw err;
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
    const days = await this.db.all<Omit<SlaDayCounters, 'applied'>>(SLA_COUNTERS.id, query, 'SLA counters');
    return days.map((d) => ({ ...d, applied: [] }));
  }

  async ticketsAfter(afterId: string | null, limit: number): Promise<string[]> {
    const query = {
      query: `SELECT TOP ${Math.trunc(limit)} VALUE c.id FROM c${afterId === null ? '' : ' WHERE c.id > @after'} ORDER BY c.id`,
      parameters: afterId === null ? [] : [{ name: '@after', value: afterId }],
    };
    return this.db.all<string>(TICKETS.id, query, 'Tickets');
  }
}

/** Only the counters' own fields (the client strips Cosmos DB's; this drops anything else). */
function stripSystem(doc: SlaDayCounters): SlaDayCounters {
  const { id, type, day, slaPlanId, departmentId, firstResponse, resolution, applied } = doc;
  return { id, type, day, slaPlanId, departmentId, firstResponse, resolution, applied };
}
