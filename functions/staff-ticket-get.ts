import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'staff-ticket-get', route: 'staff/tickets/{number}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The whole ticket: thread with messages, responses, notes and events',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: 'The ticket with names beside ids, and `sla`: its schedule and, for `firstResponse` (null when the plan sets none) and `resolution`, `dueAt`, `doneAt`, `met` (true, false, or null while still open and not yet due) and `businessMinutesLeft` (in the schedule, negative once past due; null when done). The `ETag` header guards the next change' },
    errors: [401, 403, 404],
  },
  handler: onFirstCall(() => import('./handlers/staff-ticket-get'), 'staffTicketGet'),
});
