import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'tickets-create', route: 'tickets', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: 'Open a ticket',
    tag: 'customer',
    security: 'none',
    body: 'CreateTicketBody',
    headers: [{ name: 'Idempotency-Key', schema: 'IdempotencyKey', description: 'A retried request with the same key returns the first ticket' }],
    success: { status: 201, description: '`number`, `status`, `accessToken` (the customer\'s secret for reading and replying), `dueAt`, `subject`, `topicId`, `priority`, `createdAt`' },
    errors: [400, 403, 409, 413, 415, 429],
  },
  handler: onFirstCall(() => import('./handlers/tickets-create'), 'ticketsCreate'),
});
