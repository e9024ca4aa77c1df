import { getEntry } from '../shared/app/admin-directory';
import { withFetchStatus } from '../shared/app/mailbox-fetch';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** One mailbox with its fetch status; secretRef is the name of its secret, never the secret (administrators only). */
export async function adminMailboxGet(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const [mailbox] = await withFetchStatus(deps, [await getEntry(deps, await adminActor(request), 'mailbox', routeId(request))]);
  return json(200, mailbox);
}

httpFunction({
  name: 'admin-mailbox-get', route: `${ADMIN_ROUTE}/mailboxes/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', { success: 'The mailbox with its fetch `status`: `lastFetchAt`, `lastSuccessAt`, `taken`, `failed`, `retrying`, `lastError` (null before the first fetch)' }),
  handler: adminMailboxGet,
});
