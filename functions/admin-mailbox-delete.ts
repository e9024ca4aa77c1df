import { deleteEntry } from '../shared/app/admin-directory';
import { services } from '../shared/composition';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';

/** Stop fetching a mailbox and forget it (its password stays in the vault until the operator removes it). 204 (administrators only). */
export async function adminMailboxDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(services(), await adminActor(request), 'mailbox', routeId(request));
  return { status: 204 };
}

httpFunction({ name: 'admin-mailbox-delete', route: `${ADMIN_ROUTE}/mailboxes/{id}`, methods: ['DELETE'], authLevel: 'anonymous', handler: adminMailboxDelete });
