import { authorizeApiKey } from '../shared/app/api-keys';
import { openOsTicket } from '../shared/app/osticket-intake';
import { services } from '../shared/composition';
import { DomainError } from '../shared/domain/errors';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';
import { readJson } from '../shared/http/requests';
import { STATUS_BY_CODE } from '../shared/http/responses';
import { OsTicketCreateBody } from '../shared/schemas/osticket';

const plainText = (status: number, body: string): HttpResponseInit => ({ status, body, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * osTicket's ticket-creation API (`POST /api/tickets.json`, key in X-API-Key), for clients written
 * for osTicket: 201 with the ticket number as plain text. Errors are plain text too, as osTicket's
 * are, since its clients print the body; but a bad request is 400 here, where osTicket says 500.
 * The body is JSON whatever Content-Type says: osTicket takes the format from the URL.
 */
export async function osticketTicketsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  try {
    const deps = services();
    // The key first, as osTicket does: nobody without one learns what a valid request looks like.
    await authorizeApiKey(deps, request.headers.get('x-api-key'), request.headers.get('x-forwarded-for'));
    const body = await readJson(request, OsTicketCreateBody, { anyContentType: true });
    const ticket = await openOsTicket(deps, body);
    return plainText(201, ticket.number);
  } catch (err) {
    if (err instanceof DomainError) return plainText(STATUS_BY_CODE[err.code], err.message);
    throw err; // 500, logged by the adapter
  }
}

httpFunction({ name: 'osticket-tickets-create', route: 'tickets.json', methods: ['POST'], authLevel: 'anonymous', handler: osticketTicketsCreate });
