import { deleteEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** Delete a department; refused (409) while agents, help topics or tickets still belong to it. 204 when gone (administrators only). */
export async function adminDepartmentDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'department', routeId(request));
  return { status: 204 };
}
