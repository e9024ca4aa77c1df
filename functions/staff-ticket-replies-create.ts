import { replyToTicket } from '../shared/app/staff-tickets';
import { services } from '../shared/composition';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';
import { ifMatch, staffActor, ticketNumber } from '../shared/http/request-context';
import { readJson } from '../shared/http/requests';
import { staffTicketResponse } from '../shared/http/ticket-response';
import { StaffReplyBody } from '../shared/schemas/api';

/** A response to the customer, optionally with a status change (e.g. resolve) in the same write. */
export async function staffTicketRepliesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  const number = ticketNumber(request);
  const body = await readJson(request, StaffReplyBody);
  return staffTicketResponse(201, await replyToTicket(services(), actor, number, body, ifMatch(request)), actor);
}

httpFunction({ name: 'staff-ticket-replies-create', route: 'staff/tickets/{number}/replies', methods: ['POST'], authLevel: 'anonymous', handler: staffTicketRepliesCreate });
