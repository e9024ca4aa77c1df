import { deleteEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { adminDoc } from '../shared/http/route-doc';

/** Delete a role; refused (409) while an agent holds it in any department. 204 when gone (administrators only). */
export async function adminRoleDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'role', routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-role-delete', route: `${ADMIN_ROUTE}/roles/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'role'),
  handler: adminRoleDelete,
});
