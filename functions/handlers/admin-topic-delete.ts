import { deleteEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** Delete a help topic; refused (409) while tickets refer to it (make it non-public instead). 204 when gone (administrators only). */
export async function adminTopicDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'topic', routeId(request));
  return { status: 204 };
}
