import { getAgent } from '../shared/app/admin-agents';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** One agent (administrators only). */
export async function adminAgentGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getAgent(await services(), await adminActor(request), request.params['id'] ?? ''));
}

httpFunction({
  name: 'admin-agent-get', route: `${ADMIN_ROUTE}/agents/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'agent'),
  handler: adminAgentGet,
});
