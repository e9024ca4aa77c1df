import { updateEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { DepartmentPatchBody } from '../../shared/schemas/admin';

/** Change a department's name, manager, default SLA plan or auto-assignment (administrators only). */
export async function adminDepartmentUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, DepartmentPatchBody);
  return json(200, await updateEntry(await services(), actor, 'department', routeId(request), changes));
}
