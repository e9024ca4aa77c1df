import { deleteEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { adminDoc } from '../shared/http/route-doc';

/** Delete a department; refused (409) while agents, help topics or tickets still belong to it. 204 when gone (administrators only). */
export async function adminDepartmentDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'department', routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-department-delete', route: `${ADMIN_ROUTE}/departments/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'department'),
  handler: adminDepartmentDelete,
});
