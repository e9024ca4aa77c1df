import { getEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** One schedule (administrators only). */
export async function adminScheduleGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getEntry(await services(), await adminActor(request), 'schedule', routeId(request)));
}

httpFunction({
  name: 'admin-schedule-get', route: `${ADMIN_ROUTE}/schedules/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'schedule'),
  handler: adminScheduleGet,
});
