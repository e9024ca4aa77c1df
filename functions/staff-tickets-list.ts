import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'staff-tickets-list', route: 'staff/tickets', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'A queue, newest activity first (overdue: earliest due first), paged; pending tickets are only in `pending` and `mine`',
    tag: 'staff',
    security: 'staff',
    query: 'QueueParams',
    success: { status: 200, description: '`{ queue, items: [ticket summary with department, assignee, SLA plan and topic names], nextCursor }`' },
    errors: [400, 401, 403],
  },
  handler: onFirstCall(() => import('./handlers/staff-tickets-list'), 'staffTicketsList'),
});
