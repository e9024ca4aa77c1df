import { intakeScreen } from '../shared/app/intake-limits';
import { openOsTicket } from '../shared/app/osticket-intake';
import { services } from '../shared/services';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { asOsTicket, plainText } from '../shared/http/osticket';
import { readJson } from '../shared/http/requests';
import { OsTicketCreateBody } from '../shared/schemas/osticket';
import { HEADER_TEXT } from '../shared/http/route-doc';

/**
 * osTicket's ticket-creation API (`POST /api/tickets.json`, key in X-API-Key with the scope
 * tickets:create), for clients written
 * for osTicket: 201 with the ticket number as plain text; files as data URLs. The body is JSON
 * whatever Content-Type says: osTicket takes the format from the URL.
 */
export async function osticketTicketsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  return asOsTicket(deps, request, 'tickets:create', async () => {
    const body = await readJson(request, OsTicketCreateBody, { anyContentType: true, files: deps.attachmentLimits });
    // A keyed integration: only osTicket's maximum open tickets per user applies.
    const ticket = await openOsTicket(deps, body, intakeScreen(deps, { anonymous: false, clientAddress: null }));
    return plainText(201, ticket.number);
  });
}

httpFunction({
  name: 'osticket-tickets-create', route: 'tickets.json', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: "Open a ticket with osTicket's API request (for existing osTicket clients); the body is read as JSON whatever Content-Type says",
    tag: 'integrations',
    security: 'none',
    body: OsTicketCreateBody,
    headers: [{ name: 'X-API-Key', schema: HEADER_TEXT, description: 'A key from POST /api/admin/api-keys with the scope tickets:create, used from one of its allowed addresses (as the platform sees the caller, never X-Forwarded-For)', required: true }],
    success: { status: 201, description: 'The ticket number, as plain text; errors are plain text too (401 "API key not authorized"; 403 when the key lacks tickets:create, naming it)', mediaType: 'text/plain' },
    errors: [400, 401, 403, 409, 413],
  },
  handler: osticketTicketsCreate,
});
