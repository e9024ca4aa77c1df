import { updateEntry } from '../../shared/app/admin-directory';
import { watchIfGraph } from '../../shared/app/graph-mailboxes';
import { graphMailboxDeps } from '../../shared/host/mailbox-intake';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { MailboxPatchBody } from '../../shared/schemas/admin';

/** Change a mailbox; fetch is replaced as a whole and never carries a password (administrators only). */
export async function adminMailboxUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, MailboxPatchBody);
  const deps = await services();
  const updated = await updateEntry(deps, actor, 'mailbox', routeId(request), changes);
  await watchIfGraph(graphMailboxDeps(deps), updated);
  return json(200, updated);
}
