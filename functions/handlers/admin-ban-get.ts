import { getEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** One ban (administrators only). */
export async function adminBanGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getEntry(await services(), await adminActor(request), 'ban', routeId(request)));
}
