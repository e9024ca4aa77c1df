import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every department, by name (administrators only). */
export async function adminDepartmentsList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { departments: await listEntries(await services(), await adminActor(request), 'department') });
}

httpFunction({
  name: 'admin-departments-list', route: `${ADMIN_ROUTE}/departments`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'department'),
  handler: adminDepartmentsList,
});
