import { deleteAgent } from '../../shared/app/admin-agents';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/**
 * Remove an agent nobody refers to; refused (409) while tickets are assigned to them, they manage
 * a department, a topic auto-assigns to them, or they are the last administrator (disable instead).
 */
export async function adminAgentDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteAgent(await services(), await adminActor(request), routeId(request));
  return { status: 204 };
}
