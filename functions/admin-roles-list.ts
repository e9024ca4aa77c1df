import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/composition';
import { ADMIN_ROUTE } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';
import { staffActor } from '../shared/http/request-context';
import { json } from '../shared/http/responses';

/** Every role, by name (administrators only). */
export async function adminRolesList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { roles: await listEntries(services(), await staffActor(request), 'role') });
}

httpFunction({ name: 'admin-roles-list', route: `${ADMIN_ROUTE}/roles`, methods: ['GET'], authLevel: 'anonymous', handler: adminRolesList });
