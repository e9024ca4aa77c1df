import { addCustomerMessage } from '../shared/app/customer-tickets';
import { services } from '../shared/services';
import { readJsonWithFiles } from '../shared/http/files';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { ticketNumber } from '../shared/http/request-context';
import { bearerToken } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { CustomerMessageBody } from '../shared/schemas/api';

/** The customer replies, with files if any; a resolved or closed ticket reopens. */
export async function ticketsMessagesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const number = ticketNumber(request);
  const token = bearerToken(request);
  const { body, files } = await readJsonWithFiles(request, CustomerMessageBody, deps);
  return json(201, await addCustomerMessage(deps, number, token, body.message, files));
}

httpFunction({
  name: 'tickets-messages-create', route: 'tickets/{number}/messages', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: 'The customer replies; a resolved or closed ticket reopens, a pending one is open again',
    tag: 'customer',
    security: 'customer',
    body: CustomerMessageBody,
    success: { status: 201, description: "The customer's view of the ticket after the reply" },
    errors: [400, 401, 404, 409, 413, 415],
  },
  handler: ticketsMessagesCreate,
});
