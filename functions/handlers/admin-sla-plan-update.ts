import { updateEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { SlaPlanPatchBody } from '../../shared/schemas/admin';

/** Change an SLA plan; `active: false` disables it, which is how a plan in use is retired (administrators only). */
export async function adminSlaPlanUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, SlaPlanPatchBody);
  return json(200, await updateEntry(await services(), actor, 'slaPlan', routeId(request), changes));
}
