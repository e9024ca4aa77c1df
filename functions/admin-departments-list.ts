import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/composition';
import { ADMIN_ROUTE } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';
import { staffActor } from '../shared/http/request-context';
import { json } from '../shared/http/responses';

/** Every department, by name (administrators only). */
export async function adminDepartmentsList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { departments: await listEntries(services(), await staffActor(request), 'department') });
}

httpFunction({ name: 'admin-departments-list', route: `${ADMIN_ROUTE}/departments`, methods: ['GET'], authLevel: 'anonymous', handler: adminDepartmentsList });
