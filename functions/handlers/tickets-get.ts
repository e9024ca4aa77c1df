import { readCustomerTicket } from '../../shared/app/customer-tickets';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { ticketNumber } from '../../shared/http/request-context';
import { bearerToken } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';

/** The customer's view of their ticket: the public thread, never internal notes. */
export async function ticketsGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await readCustomerTicket(await services(), ticketNumber(request), bearerToken(request)));
}
