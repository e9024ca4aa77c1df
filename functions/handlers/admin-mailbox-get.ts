import { getEntry } from '../../shared/app/admin-directory';
import { withFetchStatus } from '../../shared/app/mailbox-fetch';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** One mailbox with its fetch status; secretRef is the name of its secret, never the secret (administrators only). */
export async function adminMailboxGet(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const [mailbox] = await withFetchStatus(deps, [await getEntry(deps, await adminActor(request), 'mailbox', routeId(request))]);
  return json(200, mailbox);
}
