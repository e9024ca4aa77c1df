// Once-only markers (ClaimStore), kept as long as retries can come, in the idempotency container: a
// mailbox message taken by one run (claim), a notification sent for an event and recipient
// (begin, then finish once sent).
import type { ClaimStore } from '../../domain/ports';
import { CLAIM_TTL_SECONDS, IDEMPOTENCY } from '../containers';
import { isDomainError, type CosmosDatabase } from './client';

export function cosmosClaims(db: CosmosDatabase): ClaimStore {
  return {
    claim: async (key) => {
      try {
        await db.create(IDEMPOTENCY.id, { id: `claim:${key}`, ttl: CLAIM_TTL_SECONDS }, 'Claim');
        return true;
      } catch (err) {
        if (isDomainError(err, 'conflict')) return false;
        throw err;
      }
    },
    release: async (key) => {
      const id = `claim:${key}`;
      await db.remove(IDEMPOTENCY.id, id, id, 'Claim');
    },
    begin: async (key) => {
      const id = `claim:${key}`;
      try {
        await db.create(IDEMPOTENCY.id, { id, ttl: CLAIM_TTL_SECONDS, done: false }, 'Claim');
        return true;
      } catch (err) {
        if (!isDomainError(err, 'conflict')) throw err;
      }
      // Claims made before `finish` existed have no `done`: they count as finished (never sent twice).
      const found = await db.read<{ done?: boolean }>(IDEMPOTENCY.id, id, id, 'Claim');
      return found !== null && found.value.done === false;
    },
    finish: async (key) => {
      const id = `claim:${key}`;
      await db.upsert(IDEMPOTENCY.id, { id, ttl: CLAIM_TTL_SECONDS, done: true }, 'Claim');
    },
  };
}
