// The Cosmos DB containers the code expects: partition keys and indexing policies. The Bicep
// templates declare the same (a test compares them), and the local stack creates them from here.

export interface CompositePath {
  path: string;
  order: 'ascending' | 'descending';
}

export interface ContainerDefinition {
  id: string;
  partitionKeyPath: string;
  /** Per-item TTL enabled (-1) or off (undefined). */
  defaultTtl?: number;
  indexingPolicy: {
    indexingMode: 'consistent';
    includedPaths: { path: string }[];
    excludedPaths: { path: string }[];
    compositeIndexes?: CompositePath[][];
  };
}

export const TICKETS: ContainerDefinition = {
  id: 'tickets',
  partitionKeyPath: '/id',
  indexingPolicy: {
    indexingMode: 'consistent',
    includedPaths: [{ path: '/*' }],
    // Thread and outbox bodies are never filtered on: leaving them out keeps writes cheap.
    excludedPaths: [{ path: '/thread/*' }, { path: '/outbox/*' }, { path: '/"_etag"/?' }],
    compositeIndexes: [
      [
        { path: '/status', order: 'ascending' },
        { path: '/lastActivityAt', order: 'descending' },
      ],
      [
        { path: '/status', order: 'ascending' },
        { path: '/dueAt', order: 'ascending' },
      ],
      [
        { path: '/status', order: 'ascending' },
        { path: '/updatedAt', order: 'descending' },
      ],
      // `mine` and `answered` filter on a second field before sorting by activity.
      [
        { path: '/status', order: 'ascending' },
        { path: '/assigneeId', order: 'ascending' },
        { path: '/lastActivityAt', order: 'descending' },
      ],
      [
        { path: '/status', order: 'ascending' },
        { path: '/answered', order: 'ascending' },
        { path: '/lastActivityAt', order: 'descending' },
      ],
    ],
  },
};

export const DIRECTORY: ContainerDefinition = {
  id: 'directory',
  partitionKeyPath: '/kind',
  indexingPolicy: { indexingMode: 'consistent', includedPaths: [{ path: '/*' }], excludedPaths: [{ path: '/"_etag"/?' }] },
};

/**
 * Once-only records: intake Idempotency-Keys (a day: retries must come sooner) and notification
 * claims (one e-mail per event and recipient). They expire by TTL in Azure.
 */
export const IDEMPOTENCY: ContainerDefinition = {
  id: 'idempotency',
  partitionKeyPath: '/id',
  defaultTtl: -1,
  indexingPolicy: { indexingMode: 'consistent', includedPaths: [], excludedPaths: [{ path: '/*' }] },
};

export const IDEMPOTENCY_TTL_SECONDS = 86_400;
/** Notification claims outlive any redelivery of their event (Service Bus keeps messages 14 days). */
export const CLAIM_TTL_SECONDS = 15 * 86_400;

/**
 * The directory's audit trail: append-only, one document per change, never cached or loaded with
 * the directory. Its own container keeps the directory's full read small, and it may get a
 * retention TTL of its own later. Before/after bodies are read, never filtered on.
 */
export const AUDIT: ContainerDefinition = {
  id: 'audit',
  partitionKeyPath: '/id',
  indexingPolicy: {
    indexingMode: 'consistent',
    includedPaths: [{ path: '/*' }],
    excludedPaths: [{ path: '/before/*' }, { path: '/after/*' }, { path: '/"_etag"/?' }],
  },
};

/**
 * API keys for integrations, one document per key with the key's SHA-256 as its id, so checking
 * a key is a point read. Not in the directory: the directory is loaded and cached whole, and a
 * revoked key must stop working at once.
 */
export const API_KEYS: ContainerDefinition = {
  id: 'apiKeys',
  partitionKeyPath: '/id',
  indexingPolicy: { indexingMode: 'consistent', includedPaths: [{ path: '/*' }], excludedPaths: [{ path: '/"_etag"/?' }] },
};

/**
 * SLA figures (issue 23): one counter document per SLA plan, department and UTC day, and one
 * placement per ticket target (where its facts are counted). The report filters on type, day and
 * department only; the applied keys and histograms are read, never filtered on.
 */
export const SLA_COUNTERS: ContainerDefinition = {
  id: 'slaCounters',
  partitionKeyPath: '/id',
  indexingPolicy: {
    indexingMode: 'consistent',
    includedPaths: [{ path: '/type/?' }, { path: '/day/?' }, { path: '/departmentId/?' }],
    excludedPaths: [{ path: '/*' }],
  },
};

/**
 * Change-feed leases (issue 20): where each reader of the tickets' change feed keeps its place.
 * In Azure the Functions Cosmos DB trigger keeps its leases here (a partition key of /id is what it
 * requires); locally the change-feed host keeps one document per function with its continuation.
 * Declared in Bicep, since the app's data-plane role cannot create containers.
 */
export const LEASES: ContainerDefinition = {
  id: 'leases',
  partitionKeyPath: '/id',
  indexingPolicy: { indexingMode: 'consistent', includedPaths: [{ path: '/*' }], excludedPaths: [{ path: '/"_etag"/?' }] },
};

export const CONTAINERS: ContainerDefinition[] = [TICKETS, DIRECTORY, IDEMPOTENCY, AUDIT, API_KEYS, SLA_COUNTERS, LEASES];
