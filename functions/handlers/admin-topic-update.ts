import { updateEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { TopicPatchBody } from '../../shared/schemas/admin';

/** Change a help topic; `public: false` hides it from customers, which is how a topic in use is retired (administrators only). */
export async function adminTopicUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const changes = await readJson(request, TopicPatchBody);
  return json(200, await updateEntry(await services(), actor, 'topic', routeId(request), changes));
}
