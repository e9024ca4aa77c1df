import { updateEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { SchedulePatchBody } from '../shared/schemas/admin';
import { adminDoc } from '../shared/http/route-doc';

/** Change a schedule: name, time zone, open windows, holidays (administrators only). */
export async function adminScheduleUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, SchedulePatchBody);
  return json(200, await updateEntry(await services(), actor, 'schedule', routeId(request), changes));
}

httpFunction({
  name: 'admin-schedule-update', route: `${ADMIN_ROUTE}/schedules/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'schedule', { body: SchedulePatchBody }),
  handler: adminScheduleUpdate,
});
