import { createEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { ScheduleCreateBody } from '../../shared/schemas/admin';

/** Create a schedule (business hours): IANA time zone, open windows per weekday, holidays. 201 with the schedule; 409 when the name or id is in use (administrators only). */
export async function adminSchedulesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createEntry(await services(), actor, 'schedule', await readJson(request, ScheduleCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/schedules/${created.id}` });
}
