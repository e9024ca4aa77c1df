import { services } from '../../shared/services';
import type { HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Ready when the store answers: what load balancers, scripts and the local stack wait for. */
export async function health(): Promise<HttpResponseInit> {
  await (await await services()).directory.load();
  return json(200, { status: 'ok' });
}
