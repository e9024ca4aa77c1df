import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every ban, by name (administrators only). */
export async function adminBansList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { bans: await listEntries(await services(), await adminActor(request), 'ban') });
}

httpFunction({
  name: 'admin-bans-list', route: `${ADMIN_ROUTE}/bans`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'ban (an address or a whole domain that may open no ticket)'),
  handler: adminBansList,
});
