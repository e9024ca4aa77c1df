import { listEntries } from '../shared/app/admin-directory';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';
import { adminDoc } from '../shared/http/route-doc';

/** Every help topic, by name (administrators only). */
export async function adminTopicsList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { topics: await listEntries(await services(), await adminActor(request), 'topic') });
}

httpFunction({
  name: 'admin-topics-list', route: `${ADMIN_ROUTE}/topics`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'help topic'),
  handler: adminTopicsList,
});
