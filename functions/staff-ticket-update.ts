import { changeTicket } from '../shared/app/staff-tickets';
import { services } from '../shared/services';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { ifMatch, staffActor, ticketNumber } from '../shared/http/request-context';
import { readJson } from '../shared/http/requests';
import { staffTicketResponse } from '../shared/http/ticket-response';
import { TicketPatchBody } from '../shared/schemas/api';
import { ifMatchHeader } from '../shared/http/route-doc';

/** Priority, SLA plan, department, assignee, due time and status, in one conditional write. */
export async function staffTicketUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  const number = ticketNumber(request);
  const changes = await readJson(request, TicketPatchBody);
  return staffTicketResponse(200, await changeTicket(await services(), actor, number, changes, ifMatch(request)), actor);
}

httpFunction({
  name: 'staff-ticket-update', route: 'staff/tickets/{number}', methods: ['PATCH'], authLevel: 'anonymous',
  doc: {
    summary: 'Change priority, SLA plan, department, assignee, due time or status in one write (`pending` stops the SLA clocks; it and back to open need ticket.reply, resolve, close and reopen ticket.close)',
    tag: 'staff',
    security: 'staff',
    body: TicketPatchBody,
    headers: [ifMatchHeader('The ETag of the ticket as last read; 412 when it changed since')],
    success: { status: 200, description: 'The ticket after the change, with its new `ETag`' },
    errors: [400, 401, 403, 404, 409, 412, 415],
  },
  handler: staffTicketUpdate,
});
