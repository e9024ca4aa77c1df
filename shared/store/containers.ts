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
    ],
  },
};

export const DIRECTORY: ContainerDefinition = {
  id: 'directory',
  partitionKeyPath: '/kind',
  indexingPolicy: { indexingMode: 'consistent', includedPaths: [{ path: '/*' }], excludedPaths: [{ path: '/"_etag"/?' }] },
};

/** Intake idempotency records; they expire by TTL in Azure (a day), so retries must come sooner. */
export const IDEMPOTENCY: ContainerDefinition = {
  id: 'idempotency',
  partitionKeyPath: '/id',
  defaultTtl: -1,
  indexingPolicy: { indexingMode: 'consistent', includedPaths: [], excludedPaths: [{ path: '/*' }] },
};

export const IDEMPOTENCY_TTL_SECONDS = 86_400;

export const CONTAINERS: ContainerDefinition[] = [TICKETS, DIRECTORY, IDEMPOTENCY];
