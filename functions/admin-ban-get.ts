import { getEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** One ban (administrators only). */
export async function adminBanGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getEntry(await services(), await adminActor(request), 'ban', routeId(request)));
}

httpFunction({
  name: 'admin-ban-get', route: `${ADMIN_ROUTE}/bans/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'ban (an address or a whole domain that may open no ticket)'),
  handler: adminBanGet,
});
