import { getEntry } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** One help topic (administrators only). */
export async function adminTopicGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await getEntry(await services(), await adminActor(request), 'topic', routeId(request)));
}

httpFunction({
  name: 'admin-topic-get', route: `${ADMIN_ROUTE}/topics/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'help topic'),
  handler: adminTopicGet,
});
