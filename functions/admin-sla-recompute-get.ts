import { getRecompute } from '../shared/app/sla-recompute';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** One background recompute: status (queued, running, done), tickets scanned and changed (administrators only). */
export async function adminSlaRecomputeGet(request: HttpRequest): Promise<HttpResponseInit> {
  // The caller is checked before the id is read, so a non-admin learns nothing from a 400.
  const actor = await adminActor(request);
  return json(200, await getRecompute(await services(), actor, routeId(request)));
}

httpFunction({
  name: 'admin-sla-recompute-get', route: `${ADMIN_ROUTE}/sla-recomputes/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'One background recompute and its progress',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`id`, `name`, `scope`, `status`, `scanned`, `changed`, `createdAt`, `updatedAt`, `finishedAt`' },
    errors: [401, 403, 404],
  },
  handler: adminSlaRecomputeGet,
});
