import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'tickets-messages-create', route: 'tickets/{number}/messages', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: 'The customer replies; a resolved or closed ticket reopens, a pending one is open again',
    tag: 'customer',
    security: 'customer',
    body: 'CustomerMessageBody',
    success: { status: 201, description: "The customer's view of the ticket after the reply" },
    errors: [400, 401, 404, 409, 413, 415],
  },
  handler: onFirstCall(() => import('./handlers/tickets-messages-create'), 'ticketsMessagesCreate'),
});
