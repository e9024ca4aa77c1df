// How many tickets refer to a directory entry (TicketReferences), so an entry in use is not deleted.
import type { TicketReferences } from '../../domain/ports';
import { TICKETS } from '../containers';
import type { CosmosDatabase } from './client';

const FIELDS = ['departmentId', 'assigneeId', 'slaPlanId', 'topicId'];

/** `SELECT VALUE COUNT(1)` on an indexed field: Cosmos answers from the index, the local server too. */
export function cosmosTicketReferences(db: CosmosDatabase): TicketReferences {
  return {
    count: (field, id) => {
      if (!FIELDS.includes(field)) throw new Error(`Not a ticket reference field: ${field}`);
      return db.count1(TICKETS.id, { query: `SELECT VALUE COUNT(1) FROM c WHERE c.${field} = @id`, parameters: [{ name: '@id', value: id }] }, 'Ticket count');
    },
  };
}
