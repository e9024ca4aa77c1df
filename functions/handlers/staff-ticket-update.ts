import { changeTicket } from '../../shared/app/staff-tickets';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { ifMatch, staffActor, ticketNumber } from '../../shared/http/request-context';
import { readJson } from '../../shared/http/requests';
import { staffTicketResponse } from '../../shared/http/ticket-response';
import { TicketPatchBody } from '../../shared/schemas/api';

/** Priority, SLA plan, department, assignee, due time and status, in one conditional write. */
export async function staffTicketUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  const number = ticketNumber(request);
  const changes = await readJson(request, TicketPatchBody);
  return staffTicketResponse(200, await changeTicket(await services(), actor, number, changes, ifMatch(request)), actor);
}
