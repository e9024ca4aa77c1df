import { services } from '../shared/services';
import { httpFunction, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** Ready when the store answers: what load balancers, scripts and the local stack wait for. */
export async function health(): Promise<HttpResponseInit> {
  await (await await services()).directory.load();
  return json(200, { status: 'ok' });
}

httpFunction({
  name: 'health', route: 'health', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Liveness: 200 when the store answers',
    tag: 'operations',
    security: 'none',
    success: { status: 200, description: '`{ status: "ok" }`' },
    errors: [503],
  },
  handler: health,
});
