import { updateEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { BanPatchBody } from '../../shared/schemas/admin';

/** Change a ban's note; another address is another ban (administrators only). */
export async function adminBanUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, BanPatchBody);
  return json(200, await updateEntry(await services(), actor, 'ban', routeId(request), changes));
}
