import { listQueue } from '../../shared/app/staff-tickets';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { staffActor } from '../../shared/http/request-context';
import { readQuery } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { QueueParams } from '../../shared/schemas/api';

/** A queue of the departments the agent may see, paged with an opaque cursor. */
export async function staffTicketsList(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  const params = readQuery(request, QueueParams);
  return json(200, await listQueue(await services(), actor, params));
}
