import { createEntry } from '../../shared/app/admin-directory';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { TopicCreateBody } from '../../shared/schemas/admin';

/** Create a help topic: public or not, department, priority, SLA plan, auto-assign agent. 201 with the help topic; 409 when the name or id is in use (administrators only). */
export async function adminTopicsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const created = await createEntry(await services(), actor, 'topic', await readJson(request, TopicCreateBody));
  return json(201, created, { Location: `/api/${ADMIN_ROUTE}/topics/${created.id}` });
}
