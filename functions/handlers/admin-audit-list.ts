import { readAuditTrail } from '../../shared/app/admin-audit';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readQuery } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { AuditParams } from '../../shared/schemas/admin';

/** The audit trail of directory changes, newest first: `kind`, `id`, `limit`, `cursor` (administrators only). */
export async function adminAuditList(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  return json(200, await readAuditTrail(await services(), actor, readQuery(request, AuditParams)));
}
