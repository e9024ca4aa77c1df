import { listRecomputes } from '../../shared/app/sla-recompute';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { staffActor } from '../../shared/http/request-context';
import { json } from '../../shared/http/responses';

/** The background recomputes of SLA targets, newest first, with their progress (administrators only). */
export async function adminSlaRecomputesList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { recomputes: await listRecomputes(await services(), await staffActor(request)) });
}
