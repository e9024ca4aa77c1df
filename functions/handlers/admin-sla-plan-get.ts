import { getEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** One SLA plan (administrators only). */
export async function adminSlaPlanGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getEntry(await services(), await adminActor(request), 'slaPlan', routeId(request)));
}
