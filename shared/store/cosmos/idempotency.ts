// Idempotency records of intake (IdempotencyStore): one per Idempotency-Key hash, kept a day.
import type { Versioned } from '../../domain/model';
import type { IdempotencyRecord, IdempotencyStore } from '../../domain/ports';
import { IDEMPOTENCY, IDEMPOTENCY_TTL_SECONDS } from '../containers';
import type { CosmosDatabase } from './client';

const WHAT = 'Idempotency record';

function toDoc(r: IdempotencyRecord): IdempotencyRecord & { id: string; ttl: number } {
  return { ...r, id: r.keyHash, ttl: IDEMPOTENCY_TTL_SECONDS };
}

export function cosmosIdempotency(db: CosmosDatabase): IdempotencyStore {
  return {
    get: async (keyHash): Promise<Versioned<IdempotencyRecord> | null> => {
      const doc = await db.read<IdempotencyRecord & { id?: string }>(IDEMPOTENCY.id, keyHash, keyHash, WHAT);
      if (!doc) return null;
      const { id: _id, ...value } = doc.value;
      return { value, etag: doc.etag };
    },
    create: async (r) => {
      const res = await db.create(IDEMPOTENCY.id, toDoc(r), WHAT);
      return { value: r, etag: res.etag };
    },
    replace: async (r, etag) => {
      const res = await db.replace(IDEMPOTENCY.id, r.keyHash, r.keyHash, toDoc(r), etag, WHAT);
      return { value: r, etag: res.etag };
    },
  };
}
