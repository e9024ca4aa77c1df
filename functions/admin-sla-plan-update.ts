import { updateEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { SlaPlanPatchBody } from '../shared/schemas/admin';
import { adminDoc } from '../shared/http/route-doc';

/** Change an SLA plan; `active: false` disables it, which is how a plan in use is retired (administrators only). */
export async function adminSlaPlanUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, SlaPlanPatchBody);
  return json(200, await updateEntry(await services(), actor, 'slaPlan', routeId(request), changes));
}

httpFunction({
  name: 'admin-sla-plan-update', route: `${ADMIN_ROUTE}/sla-plans/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'SLA plan', { body: SlaPlanPatchBody }),
  handler: adminSlaPlanUpdate,
});
