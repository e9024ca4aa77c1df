import { deleteEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** Delete a role; refused (409) while an agent holds it in any department. 204 when gone (administrators only). */
export async function adminRoleDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'role', routeId(request));
  return { status: 204 };
}
