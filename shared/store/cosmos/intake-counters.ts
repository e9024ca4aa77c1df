// Intake limits' counters (IntakeCounters, issue 19).
import { DomainError } from '../../domain/errors';
import type { IntakeCounters } from '../../domain/ports';
import { IDEMPOTENCY, TICKETS } from '../containers';
import { isDomainError, type CosmosDatabase } from './client';

/**
 * Counters live in the idempotency container (partition key /id, nothing indexed, per-item TTL):
 * one document per counter and window, so a hit is one patch (`incr`) by point, about one write
 * of a tiny unindexed item; the first hit of a window is a 404 then a create.
 */
export function cosmosIntakeCounters(db: CosmosDatabase): IntakeCounters {
  return {
    hit: async (id, ttlSeconds) => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const count = await db.increment(IDEMPOTENCY.id, id, '/count', 'Intake counter');
        if (count !== null) return count;
        try {
          await db.create(IDEMPOTENCY.id, { id, count: 1, ttl: ttlSeconds }, 'Intake counter');
          return 1;
        } catch (err) {
          if (!isDomainError(err, 'conflict')) throw err; // another instance created it: patch again
        }
      }
      throw new DomainError('unavailable', 'The intake counters are busy; try again');
    },
    openTicketsOf: (email) =>
      db.count1(TICKETS.id, { query: "SELECT VALUE COUNT(1) FROM c WHERE c.customer.email = @email AND c.status IN ('open', 'pending')", parameters: [{ name: '@email', value: email }] }, 'Open ticket count'),
  };
}
