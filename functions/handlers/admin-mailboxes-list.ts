import { listEntries } from '../../shared/app/admin-directory';
import { withFetchStatus } from '../../shared/app/mailbox-fetch';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Every mailbox, by name, with its fetch status; no secrets, only their names (administrators only). */
export async function adminMailboxesList(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  return json(200, { mailboxes: await withFetchStatus(deps, await listEntries(deps, await adminActor(request), 'mailbox')) });
}
