import { deleteEntry } from '../../shared/app/admin-directory';
import { forgetFetchStatus } from '../../shared/app/mailbox-fetch';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** Stop fetching a mailbox and forget it and its fetch status (its password stays in the vault until the operator removes it). 204 (administrators only). */
export async function adminMailboxDelete(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  // Who asks first: a non-admin gets 403 whatever the id (as every admin route; admin-gate test).
  const actor = await adminActor(request);
  const id = routeId(request);
  await deleteEntry(deps, actor, 'mailbox', id);
  await forgetFetchStatus(deps, id);
  return { status: 204 };
}
