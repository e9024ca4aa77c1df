import { revokeApiKey } from '../../shared/app/api-keys';
import { services } from '../../shared/services';
import { adminActor, routeId } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** Revoke an API key: it stops working at once. 204 when gone (administrators only). */
export async function adminApiKeyDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await revokeApiKey(await services(), await adminActor(request), routeId(request));
  return { status: 204 };
}
