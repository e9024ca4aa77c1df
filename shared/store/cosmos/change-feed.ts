// The tickets' change feed and where a local reader keeps its place: the local change-feed host's
// source (local/change-feed-host.ts). In Azure the Functions Cosmos DB trigger reads the feed itself.
import { LEASES, TICKETS } from '../containers';
import type { ChangeFeedReader, CosmosDatabase } from './client';

export type { ChangeFeedReader };

export interface FeedLeases {
  get(id: string): Promise<string | null>;
  put(id: string, continuation: string): Promise<void>;
}

export function ticketChanges(db: CosmosDatabase, continuation: string | null): ChangeFeedReader {
  return db.changes(TICKETS.id, continuation);
}

/** One document per function in `leases`, holding its continuation. */
export function cosmosFeedLeases(db: CosmosDatabase): FeedLeases {
  return {
    get: async (id) => (await db.read<{ id: string; continuation: string }>(LEASES.id, id, id, `Lease ${id}`))?.value.continuation ?? null,
    put: (id, continuation) => db.upsert(LEASES.id, { id, continuation }, `Lease ${id}`),
  };
}
