import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'tickets-get', route: 'tickets/{number}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: "The customer's view of a ticket and its public thread",
    tag: 'customer',
    security: 'customer',
    success: { status: 200, description: 'The ticket with its messages and responses (never internal notes)' },
    errors: [401, 404],
  },
  handler: onFirstCall(() => import('./handlers/tickets-get'), 'ticketsGet'),
});
