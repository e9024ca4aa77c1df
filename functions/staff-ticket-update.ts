import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ifMatchHeader } from '../shared/http/route-doc';

httpFunction({
  name: 'staff-ticket-update', route: 'staff/tickets/{number}', methods: ['PATCH'], authLevel: 'anonymous',
  doc: {
    summary: 'Change priority, SLA plan, department, assignee, due time or status in one write (`pending` stops the SLA clocks; it and back to open need ticket.reply, resolve, close and reopen ticket.close)',
    tag: 'staff',
    security: 'staff',
    body: 'TicketPatchBody',
    headers: [ifMatchHeader('The ETag of the ticket as last read; 412 when it changed since')],
    success: { status: 200, description: 'The ticket after the change, with its new `ETag`' },
    errors: [400, 401, 403, 404, 409, 412, 415],
  },
  handler: onFirstCall(() => import('./handlers/staff-ticket-update'), 'staffTicketUpdate'),
});
