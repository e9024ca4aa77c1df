// The Cosmos DB account as the composition root and the local tools use it: one client
// (cosmos/client.ts, the only module that imports @azure/cosmos) and one adapter per port beside
// it in cosmos/. The tickets' methods are kept on the store itself, so it still serves as the
// TicketStore where callers pass it as one.
import type { Ticket, Versioned } from '../domain/model';
import type { ApiKeyStore, AuditLog, ClaimStore, DirectoryStore, IdempotencyStore, IntakeCounters, TicketReferences, TicketStore } from '../domain/ports';
import type { Page, QueueQuery, TicketSummary } from '../domain/queues';
import { cosmosApiKeys } from './cosmos/api-keys';
import { cosmosAudit } from './cosmos/audit';
import { cosmosFeedLeases, ticketChanges, type FeedLeases } from './cosmos/change-feed';
import { cosmosClaims } from './cosmos/claims';
import { CosmosDatabase, type ChangeFeedReader, type CosmosOptions } from './cosmos/client';
import { cosmosDirectory } from './cosmos/directory';
import { cosmosIdempotency } from './cosmos/idempotency';
import { cosmosIntakeCounters } from './cosmos/intake-counters';
import { CosmosSlaCounters } from './cosmos/sla-counters';
import { cosmosTicketReferences } from './cosmos/ticket-references';
import { CosmosTickets, queueSql } from './cosmos/tickets';

export { queueSql, type ChangeFeedReader, type CosmosOptions };

export class CosmosStore implements TicketStore {
  readonly database: CosmosDatabase;
  readonly tickets: CosmosTickets;
  readonly idempotencyRecords: IdempotencyStore;
  readonly claims: ClaimStore;
  readonly intakeCounters: IntakeCounters;
  readonly directoryEntries: DirectoryStore;
  readonly ticketReferences: TicketReferences;
  readonly auditEntries: AuditLog;
  readonly apiKeys: ApiKeyStore;
  readonly slaCounters: CosmosSlaCounters;
  /** Where a local change-feed reader keeps its place (one document per function in `leases`). */
  readonly feedLeases: FeedLeases;

  constructor(options: CosmosOptions) {
    const db = (this.database = new CosmosDatabase(options));
    this.tickets = new CosmosTickets(db);
    this.idempotencyRecords = cosmosIdempotency(db);
    this.claims = cosmosClaims(db);
    this.intakeCounters = cosmosIntakeCounters(db);
    this.directoryEntries = cosmosDirectory(db);
    this.ticketReferences = cosmosTicketReferences(db);
    this.auditEntries = cosmosAudit(db);
    this.apiKeys = cosmosApiKeys(db);
    this.slaCounters = new CosmosSlaCounters(db);
    this.feedLeases = cosmosFeedLeases(db);
  }

  /** Creates the database and containers if absent. Locally only: in Azure, Bicep owns them. */
  ensureSchema(): Promise<void> {
    return this.database.ensureSchema();
  }

  dispose(): void {
    this.database.dispose();
  }

  /** The tickets' change feed, for the local change-feed host; in Azure the Functions trigger reads it. */
  ticketChanges(continuation: string | null): ChangeFeedReader {
    return ticketChanges(this.database, continuation);
  }

  get(number: string): Promise<Versioned<Ticket> | null> {
    return this.tickets.get(number);
  }

  create(ticket: Ticket): Promise<Versioned<Ticket>> {
    return this.tickets.create(ticket);
  }

  replace(ticket: Ticket, etag: string): Promise<Versioned<Ticket>> {
    return this.tickets.replace(ticket, etag);
  }

  queue(q: QueueQuery): Promise<Page<TicketSummary>> {
    return this.tickets.queue(q);
  }

  dueNotMarked(now: string, limit: number, target: 'resolution' | 'firstResponse'): Promise<string[]> {
    return this.tickets.dueNotMarked(now, limit, target);
  }

  openAfter(afterId: string | null, scope: { field: 'departmentId' | 'slaPlanId'; id: string } | null, limit: number): Promise<string[]> {
    return this.tickets.openAfter(afterId, scope, limit);
  }
}
