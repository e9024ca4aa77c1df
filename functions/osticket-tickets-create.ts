import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'osticket-tickets-create', route: 'tickets.json', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: "Open a ticket with osTicket's API request (for existing osTicket clients); the body is read as JSON whatever Content-Type says",
    tag: 'integrations',
    security: 'none',
    body: 'OsTicketCreateBody',
    headers: [{ name: 'X-API-Key', schema: 'HeaderText', description: 'A key from POST /api/admin/api-keys with the scope tickets:create, used from one of its allowed addresses (as the platform sees the caller, never X-Forwarded-For)', required: true }],
    success: { status: 201, description: 'The ticket number, as plain text; errors are plain text too (401 "API key not authorized"; 403 when the key lacks tickets:create, naming it)', mediaType: 'text/plain' },
    errors: [400, 401, 403, 409, 413],
  },
  handler: onFirstCall(() => import('./handlers/osticket-tickets-create'), 'osticketTicketsCreate'),
});
