import { readCustomerTicket } from '../shared/app/customer-tickets';
import { services } from '../shared/services';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { ticketNumber } from '../shared/http/request-context';
import { bearerToken } from '../shared/http/requests';
import { json } from '../shared/http/responses';

/** The customer's view of their ticket: the public thread, never internal notes. */
export async function ticketsGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await readCustomerTicket(await services(), ticketNumber(request), bearerToken(request)));
}

httpFunction({
  name: 'tickets-get', route: 'tickets/{number}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: "The customer's view of a ticket and its public thread",
    tag: 'customer',
    security: 'customer',
    success: { status: 200, description: 'The ticket with its messages and responses (never internal notes)' },
    errors: [401, 404],
  },
  handler: ticketsGet,
});
