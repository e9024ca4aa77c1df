import { deleteAgent } from '../shared/app/admin-agents';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { adminDoc } from '../shared/http/route-doc';

/**
 * Remove an agent nobody refers to; refused (409) while tickets are assigned to them, they manage
 * a department, a topic auto-assigns to them, or they are the last administrator (disable instead).
 */
export async function adminAgentDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteAgent(await services(), await adminActor(request), routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-agent-delete', route: `${ADMIN_ROUTE}/agents/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'agent'),
  handler: adminAgentDelete,
});
