import { createApiKey } from '../../shared/app/api-keys';
import { services } from '../../shared/services';
import { ADMIN_ROUTE, adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { ApiKeyCreateBody } from '../../shared/schemas/osticket';

/**
 * Issue an API key for the osTicket-compatible API. 201 with the key in clear, the only time it is
 * shown, and `warnings` when the key is broader than it need be (any address, both scopes)
 * (administrators only).
 */
export async function adminApiKeysCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const { key, apiKey, warnings } = await createApiKey(await services(), actor, await readJson(request, ApiKeyCreateBody));
  return json(201, { ...apiKey, key, warnings }, { Location: `/api/${ADMIN_ROUTE}/api-keys/${apiKey.id}` });
}
