import { updateEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { BanPatchBody } from '../shared/schemas/admin';
import { adminDoc } from '../shared/http/route-doc';

/** Change a ban's note; another address is another ban (administrators only). */
export async function adminBanUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, BanPatchBody);
  return json(200, await updateEntry(await services(), actor, 'ban', routeId(request), changes));
}

httpFunction({
  name: 'admin-ban-update', route: `${ADMIN_ROUTE}/bans/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'ban (an address or a whole domain that may open no ticket)', { body: BanPatchBody }),
  handler: adminBanUpdate,
});
