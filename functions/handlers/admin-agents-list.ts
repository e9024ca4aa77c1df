import { listAgents } from '../../shared/app/admin-agents';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Every agent with departments, roles and flags (administrators only). */
export async function adminAgentsList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { agents: await listAgents(await services(), await adminActor(request)) });
}
