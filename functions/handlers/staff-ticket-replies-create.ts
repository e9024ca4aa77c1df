import { replyToTicket } from '../../shared/app/staff-tickets';
import { services } from '../../shared/services';
import { readJsonWithFiles } from '../../shared/http/files';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { ifMatch, staffActor, ticketNumber } from '../../shared/http/request-context';
import { staffTicketResponse } from '../../shared/http/ticket-response';
import { StaffReplyBody } from '../../shared/schemas/api';

/** A response to the customer, with files if any, optionally changing the status (e.g. resolve) in the same write. */
export async function staffTicketRepliesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const actor = await staffActor(request);
  const number = ticketNumber(request);
  const { body: { attachments: _sent, ...reply }, files } = await readJsonWithFiles(request, StaffReplyBody, deps);
  return staffTicketResponse(201, await replyToTicket(deps, actor, number, reply, ifMatch(request), files), actor);
}
