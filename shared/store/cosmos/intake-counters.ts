// Intake limits' counters (IntakeCounters, issue 19).
import { DomainError } from '../../domain/errors';
import type { IntakeCounters } from '../../domain/ports';
import { IDEMPOTENCY, TICKETS } from '../containers';
import { isDomainError, type CosmosDatabase } from './client';

/**
 * Counters live in the idempotency container (partition key /id, nothing indexed, per-item TTL):
 * one document per counter and window, so a hit is one patch (`incr`) by point, about one write
 * of a tiny unindexed item. The first hit of a window is a create; trying the likelier of the two
 * first saves a round trip (a patch of a missing counter is a 404, a create of an existing one a
 * 409): intake's requester counter is nearly always new, so intake pays one round trip, not two.
 */
export function cosmosIntakeCounters(db: CosmosDatabase): IntakeCounters {
  return {
    hit: async (id, ttlSeconds, likely = 'existing') => {
      const create = async (): Promise<number | null> => {
        try {
          await db.create(IDEMPOTENCY.id, { id, count: 1, ttl: ttlSeconds }, 'Intake counter');
          return 1;
        } catch (err) {
          if (!isDomainError(err, 'conflict')) throw err;
          return null; // it exists (another request made it): increment it
        }
      };
      const increment = () => db.increment(IDEMPOTENCY.id, id, '/count', 'Intake counter');
      for (let attempt = 1; attempt <= 3; attempt++) {
        const [first, second] = likely === 'new' ? [create, increment] : [increment, create];
        const count = (await first()) ?? (await second());
        if (count !== null) return count;
      }
      throw new DomainError('unavailable', 'The intake counters are busy; try again');
    },
    openTicketsOf: (email) =>
      db.count1(TICKETS.id, { query: "SELECT VALUE COUNT(1) FROM c WHERE c.customer.email = @email AND c.status IN ('open', 'pending')", parameters: [{ name: '@email', value: email }] }, 'Open ticket count'),
  };
}
