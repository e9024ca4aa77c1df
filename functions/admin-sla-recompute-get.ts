import { getRecompute } from '../shared/app/sla-recompute';
import { services } from '../shared/composition';
import { ADMIN_ROUTE, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';
import { staffActor } from '../shared/http/request-context';
import { json } from '../shared/http/responses';

/** One background recompute: status (queued, running, done), tickets scanned and changed (administrators only). */
export async function adminSlaRecomputeGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getRecompute(services(), await staffActor(request), routeId(request)));
}

httpFunction({ name: 'admin-sla-recompute-get', route: `${ADMIN_ROUTE}/sla-recomputes/{id}`, methods: ['GET'], authLevel: 'anonymous', handler: adminSlaRecomputeGet });
