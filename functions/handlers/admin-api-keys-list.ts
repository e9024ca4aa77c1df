import { listApiKeys } from '../../shared/app/api-keys';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Every API key, oldest first: id, name, allowed addresses (or any address), scopes, created; never the key or its hash (administrators only). */
export async function adminApiKeysList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { apiKeys: await listApiKeys(await services(), await adminActor(request)) });
}
