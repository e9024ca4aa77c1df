import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every schedule, by name (administrators only). */
export async function adminSchedulesList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { schedules: await listEntries(await services(), await adminActor(request), 'schedule') });
}

httpFunction({
  name: 'admin-schedules-list', route: `${ADMIN_ROUTE}/schedules`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'schedule'),
  handler: adminSchedulesList,
});
