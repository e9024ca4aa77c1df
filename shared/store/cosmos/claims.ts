// Once-only markers (ClaimStore): a notification sent for an event and recipient, kept as long as
// retries can come, in the idempotency container.
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
  };
}
