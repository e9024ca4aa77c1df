import { services } from '../shared/services';
import { httpFunction, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** The help topics a customer may choose on the new-ticket form. */
export async function topicsList(): Promise<HttpResponseInit> {
  const { topics } = await (await await services()).directory.load();
  return json(200, { topics: topics.filter((t) => t.public).map((t) => ({ id: t.id, name: t.name })) });
}

httpFunction({
  name: 'topics-list', route: 'topics', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The help topics a customer may choose',
    tag: 'customer',
    security: 'none',
    success: { status: 200, description: '`{ topics: [{ id, name }] }`' },
    errors: [],
  },
  handler: topicsList,
});
