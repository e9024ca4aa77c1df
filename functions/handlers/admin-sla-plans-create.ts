import { createEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { SlaPlanCreateBody } from '../../shared/schemas/admin';

/** Create an SLA plan: grace period, optional per-priority targets, overdue alerts, active. 201 with the SLA plan; 409 when the name or id is in use (administrators only). */
export async function adminSlaPlansCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createEntry(await services(), actor, 'slaPlan', await readJson(request, SlaPlanCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/sla-plans/${created.id}` });
}
