import { updateEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { SchedulePatchBody } from '../../shared/schemas/admin';

/** Change a schedule: name, time zone, open windows, holidays (administrators only). */
export async function adminScheduleUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, SchedulePatchBody);
  return json(200, await updateEntry(await services(), actor, 'schedule', routeId(request), changes));
}
