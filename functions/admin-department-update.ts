import { updateEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { DepartmentPatchBody } from '../shared/schemas/admin';
import { adminDoc } from '../shared/http/route-doc';

/** Change a department's name, manager, default SLA plan or auto-assignment (administrators only). */
export async function adminDepartmentUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, DepartmentPatchBody);
  return json(200, await updateEntry(await services(), actor, 'department', routeId(request), changes));
}

httpFunction({
  name: 'admin-department-update', route: `${ADMIN_ROUTE}/departments/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'department', { body: DepartmentPatchBody }),
  handler: adminDepartmentUpdate,
});
