import { createEntry } from '../../shared/app/admin-directory';
import { watchIfGraph } from '../../shared/app/graph-mailboxes';
import { graphMailboxDeps } from '../../shared/host/mailbox-intake';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { MailboxCreateBody } from '../../shared/schemas/admin';

/** Add a mailbox the help desk fetches: 201 with it; 400 with a password or a private host; 409 when the address is in use (administrators only). */
export async function adminMailboxesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const deps = await services();
  const created = await createEntry(deps, actor, 'mailbox', await readJson(request, MailboxCreateBody));
  await watchIfGraph(graphMailboxDeps(deps), created);
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/mailboxes/${created.id}` });
}
