import { listQueue } from '../shared/app/staff-tickets';
import { services } from '../shared/services';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { staffActor } from '../shared/http/request-context';
import { readQuery } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { QueueParams } from '../shared/schemas/api';

/** A queue of the departments the agent may see, paged with an opaque cursor. */
export async function staffTicketsList(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  const params = readQuery(request, QueueParams);
  return json(200, await listQueue(await services(), actor, params));
}

httpFunction({
  name: 'staff-tickets-list', route: 'staff/tickets', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'A queue, newest activity first (overdue: earliest due first), paged; pending tickets are only in `pending` and `mine`',
    tag: 'staff',
    security: 'staff',
    query: QueueParams,
    success: { status: 200, description: '`{ queue, items: [ticket summary with department, assignee, SLA plan and topic names], nextCursor }`' },
    errors: [400, 401, 403],
  },
  handler: staffTicketsList,
});
