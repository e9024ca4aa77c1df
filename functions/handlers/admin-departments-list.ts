import { listEntries } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Every department, by name (administrators only). */
export async function adminDepartmentsList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { departments: await listEntries(await services(), await adminActor(request), 'department') });
}
