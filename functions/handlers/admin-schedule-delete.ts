import { deleteEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** Delete a schedule; refused (409) while a department or SLA plan counts in it or it is the default. 204 when gone (administrators only). */
export async function adminScheduleDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'schedule', routeId(request));
  return { status: 204 };
}
