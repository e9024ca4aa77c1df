import { updateEntry } from '../shared/app/admin-directory';
import { watchIfGraph } from '../shared/app/graph-mailboxes';
import { graphMailboxDeps } from '../shared/host/mailbox-intake';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { MailboxPatchBody } from '../shared/schemas/admin';
import { adminDoc } from '../shared/http/route-doc';

/** Change a mailbox; fetch is replaced as a whole and never carries a password (administrators only). */
export async function adminMailboxUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, MailboxPatchBody);
  const deps = await services();
  const updated = await updateEntry(deps, actor, 'mailbox', routeId(request), changes);
  await watchIfGraph(graphMailboxDeps(deps), updated);
  return json(200, updated);
}

httpFunction({
  name: 'admin-mailbox-update', route: `${ADMIN_ROUTE}/mailboxes/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', { body: MailboxPatchBody }),
  handler: adminMailboxUpdate,
});
