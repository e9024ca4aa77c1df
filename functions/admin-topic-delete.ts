import { deleteEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { adminDoc } from '../shared/http/route-doc';

/** Delete a help topic; refused (409) while tickets refer to it (make it non-public instead). 204 when gone (administrators only). */
export async function adminTopicDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await deleteEntry(await services(), await adminActor(request), 'topic', routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-topic-delete', route: `${ADMIN_ROUTE}/topics/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'help topic'),
  handler: adminTopicDelete,
});
