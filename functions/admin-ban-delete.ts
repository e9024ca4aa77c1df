import { deleteEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { adminDoc } from '../shared/http/route-doc';

/** Lift a ban: the sender may open tickets again. 204 (administrators only). */
export async function adminBanDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'ban', routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-ban-delete', route: `${ADMIN_ROUTE}/bans/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'ban (an address or a whole domain that may open no ticket)'),
  handler: adminBanDelete,
});
