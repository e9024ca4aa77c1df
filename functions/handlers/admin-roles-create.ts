import { createEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { RoleCreateBody } from '../../shared/schemas/admin';

/** Create a role: a name and its set of per-department permissions. 201 with the role; 409 when the name or id is in use (administrators only). */
export async function adminRolesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createEntry(await services(), actor, 'role', await readJson(request, RoleCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/roles/${created.id}` });
}
