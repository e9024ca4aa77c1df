import { createAgent } from '../../shared/app/admin-agents';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { AgentCreateBody } from '../../shared/schemas/admin';

/**
 * Add an agent: name, e-mail, optional Entra object id (else linked on first sign-in by e-mail),
 * primary department and role, extended access, admin flag. 201; 409 when the e-mail or object id
 * is in use (administrators only).
 */
export async function adminAgentsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createAgent(await services(), actor, await readJson(request, AgentCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/agents/${created.id}` });
}
