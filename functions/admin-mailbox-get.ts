import { getEntry } from '../shared/app/admin-directory';
import { services } from '../shared/composition';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';
import { json } from '../shared/http/responses';

/** One mailbox; secretRef is the name of its secret, never the secret (administrators only). */
export async function adminMailboxGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getEntry(services(), await adminActor(request), 'mailbox', routeId(request)));
}

httpFunction({ name: 'admin-mailbox-get', route: `${ADMIN_ROUTE}/mailboxes/{id}`, methods: ['GET'], authLevel: 'anonymous', handler: adminMailboxGet });
