import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ifMatchHeader } from '../shared/http/route-doc';

httpFunction({
  name: 'staff-ticket-notes-create', route: 'staff/tickets/{number}/notes', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: 'An internal note, never shown to the customer',
    tag: 'staff',
    security: 'staff',
    body: 'NoteBody',
    headers: [ifMatchHeader()],
    success: { status: 201, description: 'The ticket after the note' },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
  },
  handler: onFirstCall(() => import('./handlers/staff-ticket-notes-create'), 'staffTicketNotesCreate'),
});
