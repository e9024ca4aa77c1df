import { readStaffTicket } from '../../shared/app/staff-tickets';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { staffActor, ticketNumber } from '../../shared/http/request-context';
import { staffTicketResponse } from '../../shared/http/ticket-response';

/** The whole ticket with thread, notes and events, and its ETag. */
export async function staffTicketGet(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  return staffTicketResponse(200, await readStaffTicket(await services(), actor, ticketNumber(request)), actor);
}
