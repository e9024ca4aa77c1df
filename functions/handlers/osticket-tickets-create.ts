import { intakeScreen } from '../../shared/app/intake-limits';
import { openOsTicket } from '../../shared/app/osticket-intake';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { asOsTicket, plainText } from '../../shared/http/osticket';
import { readJson } from '../../shared/http/requests';
import { OsTicketCreateBody } from '../../shared/schemas/osticket';

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
