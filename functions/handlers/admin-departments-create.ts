import { createEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { DepartmentCreateBody } from '../../shared/schemas/admin';

/** Create a department: name, manager, default SLA plan, auto-assignment. 201 with the department; 409 when the name or id is in use (administrators only). */
export async function adminDepartmentsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createEntry(await services(), actor, 'department', await readJson(request, DepartmentCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/departments/${created.id}` });
}
