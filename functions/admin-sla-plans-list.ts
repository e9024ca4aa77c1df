import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every SLA plan, by name (administrators only). */
export async function adminSlaPlansList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { slaPlans: await listEntries(await services(), await adminActor(request), 'slaPlan') });
}

httpFunction({
  name: 'admin-sla-plans-list', route: `${ADMIN_ROUTE}/sla-plans`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'SLA plan'),
  handler: adminSlaPlansList,
});
