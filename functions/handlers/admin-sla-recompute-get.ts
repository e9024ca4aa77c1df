import { getRecompute } from '../../shared/app/sla-recompute';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** One background recompute: status (queued, running, done), tickets scanned and changed (administrators only). */
export async function adminSlaRecomputeGet(request: HttpRequest): Promise<HttpResponseInit> {
  // The caller is checked before the id is read, so a non-admin learns nothing from a 400.
  const actor = await adminActor(request);
  return json(200, await getRecompute(await services(), actor, routeId(request)));
}
