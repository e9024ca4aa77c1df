import { getEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** One role (administrators only). */
export async function adminRoleGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getEntry(await services(), await adminActor(request), 'role', routeId(request)));
}

httpFunction({
  name: 'admin-role-get', route: `${ADMIN_ROUTE}/roles/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'role'),
  handler: adminRoleGet,
});
