import { listEntries } from '../shared/app/admin-directory';
import { withFetchStatus } from '../shared/app/mailbox-fetch';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every mailbox, by name, with its fetch status; no secrets, only their names (administrators only). */
export async function adminMailboxesList(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  return json(200, { mailboxes: await withFetchStatus(deps, await listEntries(deps, await adminActor(request), 'mailbox')) });
}

httpFunction({
  name: 'admin-mailboxes-list', route: `${ADMIN_ROUTE}/mailboxes`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', { success: 'The mailbox list, each with its fetch `status`: `lastFetchAt`, `lastSuccessAt`, `taken`, `failed`, `retrying`, `lastError` (null before the first fetch)' }),
  handler: adminMailboxesList,
});
