import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every role, by name (administrators only). */
export async function adminRolesList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { roles: await listEntries(await services(), await adminActor(request), 'role') });
}

httpFunction({
  name: 'admin-roles-list', route: `${ADMIN_ROUTE}/roles`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'role'),
  handler: adminRolesList,
});
