import { services } from '../../shared/services';
import type { HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** The help topics a customer may choose on the new-ticket form. */
export async function topicsList(): Promise<HttpResponseInit> {
  const { topics } = await (await await services()).directory.load();
  return json(200, { topics: topics.filter((t) => t.public).map((t) => ({ id: t.id, name: t.name })) });
}
