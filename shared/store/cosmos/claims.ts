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
    begin: async (key, now, staleAfterMs) => {
      const id = `claim:${key}`;
      const at = now.toISOString();
      try {
        await db.create(IDEMPOTENCY.id, { id, ttl: CLAIM_TTL_SECONDS, done: false, at }, 'Claim');
        return 'begun';
      } catch (err) {
        if (!isDomainError(err, 'conflict')) throw err;
      }
      const found = await db.read<{ id: string; ttl: number; done?: boolean; at?: string }>(IDEMPOTENCY.id, id, id, 'Claim');
      if (!found) return 'held'; // released meanwhile: the caller asks again
      // Claims made before begin/finish existed have no `done`: they count as finished (never sent twice).
      if (found.value.done !== false) return 'finished';
      if (now.getTime() - Date.parse(found.value.at ?? '') < staleAfterMs) return 'held';
      try {
        await db.replace(IDEMPOTENCY.id, id, id, { ...found.value, at }, found.etag, 'Claim');
        return 'begun';
      } catch (err) {
        if (isDomainError(err, 'precondition_failed')) return 'held'; // another took it over first
        throw err;
      }
    },
    finish: async (key) => {
      const id = `claim:${key}`;
      await db.upsert(IDEMPOTENCY.id, { id, ttl: CLAIM_TTL_SECONDS, done: true }, 'Claim');
    },
  };
}
