import { deleteEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { adminDoc } from '../shared/http/route-doc';

/** Delete a schedule; refused (409) while a department or SLA plan counts in it or it is the default. 204 when gone (administrators only). */
export async function adminScheduleDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'schedule', routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-schedule-delete', route: `${ADMIN_ROUTE}/schedules/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'schedule'),
  handler: adminScheduleDelete,
});
