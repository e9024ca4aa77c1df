import { listEntries } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Every help topic, by name (administrators only). */
export async function adminTopicsList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { topics: await listEntries(await services(), await adminActor(request), 'topic') });
}
