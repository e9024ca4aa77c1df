import { replyToTicket } from '../shared/app/staff-tickets';
import { services } from '../shared/services';
import { readJsonWithFiles } from '../shared/http/files';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { ifMatch, staffActor, ticketNumber } from '../shared/http/request-context';
import { staffTicketResponse } from '../shared/http/ticket-response';
import { StaffReplyBody } from '../shared/schemas/api';
import { ifMatchHeader } from '../shared/http/route-doc';

/** A response to the customer, with files if any, optionally changing the status (e.g. resolve) in the same write. */
export async function staffTicketRepliesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const actor = await staffActor(request);
  const number = ticketNumber(request);
  const { body: { attachments: _sent, ...reply }, files } = await readJsonWithFiles(request, StaffReplyBody, deps);
  return staffTicketResponse(201, await replyToTicket(deps, actor, number, reply, ifMatch(request), files), actor);
}

httpFunction({
  name: 'staff-ticket-replies-create', route: 'staff/tickets/{number}/replies', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: 'A response to the customer, optionally changing the status in the same action (e.g. `pending`: waiting on the customer)',
    tag: 'staff',
    security: 'staff',
    body: StaffReplyBody,
    headers: [ifMatchHeader()],
    success: { status: 201, description: 'The ticket after the reply' },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
  },
  handler: staffTicketRepliesCreate,
});
