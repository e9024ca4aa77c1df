import { updateEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { RolePatchBody } from '../shared/schemas/admin';
import { adminDoc } from '../shared/http/route-doc';

/** Change a role's name or permissions; every agent holding it gets the new set at once (administrators only). */
export async function adminRoleUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, RolePatchBody);
  return json(200, await updateEntry(await services(), actor, 'role', routeId(request), changes));
}

httpFunction({
  name: 'admin-role-update', route: `${ADMIN_ROUTE}/roles/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'role', { body: RolePatchBody }),
  handler: adminRoleUpdate,
});
