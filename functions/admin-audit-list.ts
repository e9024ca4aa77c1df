import { readAuditTrail } from '../shared/app/admin-audit';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readQuery } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { AuditParams } from '../shared/schemas/admin';

/** The audit trail of directory changes, newest first: `kind`, `id`, `limit`, `cursor` (administrators only). */
export async function adminAuditList(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  return json(200, await readAuditTrail(await services(), actor, readQuery(request, AuditParams)));
}

httpFunction({
  name: 'admin-audit-list', route: `${ADMIN_ROUTE}/audit`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The audit trail of directory changes (administrators only)',
    tag: 'admin',
    security: 'staff',
    query: AuditParams,
    success: { status: 200, description: 'Audit entries, newest first, paged' },
    errors: [400, 401, 403],
  },
  handler: adminAuditList,
});
