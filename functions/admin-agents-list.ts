import { listAgents } from '../shared/app/admin-agents';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every agent with departments, roles and flags (administrators only). */
export async function adminAgentsList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { agents: await listAgents(await services(), await adminActor(request)) });
}

httpFunction({
  name: 'admin-agents-list', route: `${ADMIN_ROUTE}/agents`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'agent'),
  handler: adminAgentsList,
});
