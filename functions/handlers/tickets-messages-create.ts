import { addCustomerMessage } from '../../shared/app/customer-tickets';
import { services } from '../../shared/services';
import { readJsonWithFiles } from '../../shared/http/files';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { ticketNumber } from '../../shared/http/request-context';
import { bearerToken } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { CustomerMessageBody } from '../../shared/schemas/api';

/** The customer replies, with files if any; a resolved or closed ticket reopens. */
export async function ticketsMessagesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const number = ticketNumber(request);
  const token = bearerToken(request);
  const { body, files } = await readJsonWithFiles(request, CustomerMessageBody, deps);
  return json(201, await addCustomerMessage(deps, number, token, body.message, files));
}
