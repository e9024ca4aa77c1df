import { deleteEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { adminDoc } from '../shared/http/route-doc';

/** Delete an SLA plan; refused (409) while a department, help topic or ticket uses it (disable it instead). 204 when gone (administrators only). */
export async function adminSlaPlanDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'slaPlan', routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-sla-plan-delete', route: `${ADMIN_ROUTE}/sla-plans/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'SLA plan'),
  handler: adminSlaPlanDelete,
});
