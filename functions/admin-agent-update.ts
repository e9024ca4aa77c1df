import { updateAgent } from '../shared/app/admin-agents';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { AgentPatchBody } from '../shared/schemas/api';
import { adminDoc } from '../shared/http/route-doc';

/** Change an agent's department, role, extended access, admin flag or active state (administrators only). */
export async function adminAgentUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, AgentPatchBody);
  return json(200, await updateAgent(await services(), actor, request.params['id'] ?? '', changes));
}

httpFunction({
  name: 'admin-agent-update', route: `${ADMIN_ROUTE}/agents/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'agent', { body: AgentPatchBody }),
  handler: adminAgentUpdate,
});
