import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ifMatchHeader } from '../shared/http/route-doc';

httpFunction({
  name: 'staff-ticket-replies-create', route: 'staff/tickets/{number}/replies', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: 'A response to the customer, optionally changing the status in the same action (e.g. `pending`: waiting on the customer)',
    tag: 'staff',
    security: 'staff',
    body: 'StaffReplyBody',
    headers: [ifMatchHeader()],
    success: { status: 201, description: 'The ticket after the reply' },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
  },
  handler: onFirstCall(() => import('./handlers/staff-ticket-replies-create'), 'staffTicketRepliesCreate'),
});
