import { updateAgent } from '../../shared/app/admin-agents';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { AgentPatchBody } from '../../shared/schemas/api';

/** Change an agent's department, role, extended access, admin flag or active state (administrators only). */
export async function adminAgentUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, AgentPatchBody);
  return json(200, await updateAgent(await services(), actor, request.params['id'] ?? '', changes));
}
