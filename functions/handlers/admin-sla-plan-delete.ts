import { deleteEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** Delete an SLA plan; refused (409) while a department, help topic or ticket uses it (disable it instead). 204 when gone (administrators only). */
export async function adminSlaPlanDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'slaPlan', routeId(request));
  return { status: 204 };
}
