import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/composition';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';
import { json } from '../shared/http/responses';

/** Every mailbox, by name; no secrets, only their names (administrators only). */
export async function adminMailboxesList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { mailboxes: await listEntries(services(), await adminActor(request), 'mailbox') });
}

httpFunction({ name: 'admin-mailboxes-list', route: `${ADMIN_ROUTE}/mailboxes`, methods: ['GET'], authLevel: 'anonymous', handler: adminMailboxesList });
