import { listRecomputes } from '../shared/app/sla-recompute';
import { services } from '../shared/services';
import { ADMIN_ROUTE } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { staffActor } from '../shared/http/request-context';
import { json } from '../shared/http/responses';

/** The background recomputes of SLA targets, newest first, with their progress (administrators only). */
export async function adminSlaRecomputesList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { recomputes: await listRecomputes(await services(), await staffActor(request)) });
}

httpFunction({
  name: 'admin-sla-recomputes-list', route: `${ADMIN_ROUTE}/sla-recomputes`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The background recomputes of open tickets\' SLA targets that a schedule, plan or department change started, newest first',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`{ recomputes: [{ id, name, scope, status: queued|running|done, scanned, changed, createdAt, updatedAt, finishedAt }] }`' },
    errors: [401, 403],
  },
  handler: adminSlaRecomputesList,
});
