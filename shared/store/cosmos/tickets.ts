// Tickets in Cosmos DB (TicketStore): one document per ticket, keyed and partitioned by number,
// and the staff queues' and timers' queries over them.
import type { Ticket, Versioned } from '../../domain/model';
import type { TicketStore } from '../../domain/ports';
import { QUEUE_ORDER, type Page, type QueueQuery, type TicketSummary } from '../../domain/queues';
import { TICKETS } from '../containers';
import type { CosmosDatabase, SqlParameter, SqlQuerySpec } from './client';

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

export class CosmosTickets implements TicketStore {
  constructor(private readonly db: CosmosDatabase) {}

  get(number: string): Promise<Versioned<Ticket> | null> {
    return this.db.read<Ticket>(TICKETS.id, number, number, `Ticket #${number}`);
  }

  create(ticket: Ticket): Promise<Versioned<Ticket>> {
    return this.db.create(TICKETS.id, ticket, `Ticket #${ticket.number}`);
  }

  replace(ticket: Ticket, etag: string): Promise<Versioned<Ticket>> {
    return this.db.replace(TICKETS.id, ticket.id, ticket.id, ticket, etag, `Ticket #${ticket.number}`);
  }

  async queue(q: QueueQuery): Promise<Page<TicketSummary>> {
    if (q.departmentIds.length === 0) return { items: [], continuation: null };
    return this.db.page<TicketSummary>(TICKETS.id, queueSql(q), 'Queue', {
      limit: q.limit,
      ...(q.continuation ? { continuation: q.continuation } : {}),
      badCursor: 'The cursor is not valid for this queue',
    });
  }

  private ids(query: SqlQuerySpec, what: string): Promise<string[]> {
    return this.db.all<string>(TICKETS.id, query, what, `query ${what}`);
  }

  dueNotMarked(now: string, limit: number, target: 'resolution' | 'firstResponse'): Promise<string[]> {
    // Older tickets have no first-response fields: an undefined due time never compares true, and
    // an undefined response time counts as none.
    const pending =
      target === 'firstResponse'
        ? 'c.firstResponseOverdue = false AND (NOT IS_DEFINED(c.firstResponseAt) OR IS_NULL(c.firstResponseAt)) AND c.firstResponseDueAt <= @now'
        : 'c.overdue = false AND c.dueAt <= @now';
    return this.ids({ query: `SELECT TOP ${Math.trunc(limit)} VALUE c.id FROM c WHERE c.status = 'open' AND ${pending}`, parameters: [{ name: '@now', value: now }] }, 'due tickets');
  }

  openAfter(afterId: string | null, scope: { field: 'departmentId' | 'slaPlanId'; id: string } | null, limit: number): Promise<string[]> {
    // Keyset paging by number (the local server has no OFFSET); the scope is one of two fixed fields.
    // Pending tickets too: their targets are recomputed now and again (pauses added) when they resume.
    const where = ["c.status IN ('open', 'pending')", ...(afterId === null ? [] : ['c.id > @after']), ...(scope === null ? [] : [`c.${scope.field === 'departmentId' ? 'departmentId' : 'slaPlanId'} = @scope`])];
    return this.ids(
      {
        query: `SELECT TOP ${Math.trunc(limit)} VALUE c.id FROM c WHERE ${where.join(' AND ')} ORDER BY c.id`,
        parameters: [...(afterId === null ? [] : [{ name: '@after', value: afterId }]), ...(scope === null ? [] : [{ name: '@scope', value: scope.id }])],
      },
      'open tickets',
    );
  }
}
