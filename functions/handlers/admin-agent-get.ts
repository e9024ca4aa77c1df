import { getAgent } from '../../shared/app/admin-agents';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** One agent (administrators only). */
export async function adminAgentGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getAgent(await services(), await adminActor(request), request.params['id'] ?? ''));
}
