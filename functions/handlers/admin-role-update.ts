import { updateEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { RolePatchBody } from '../../shared/schemas/admin';

/** Change a role's name or permissions; every agent holding it gets the new set at once (administrators only). */
export async function adminRoleUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, RolePatchBody);
  return json(200, await updateEntry(await services(), actor, 'role', routeId(request), changes));
}
