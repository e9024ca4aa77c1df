import { listApiKeys } from '../shared/app/api-keys';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** Every API key, oldest first: id, name, allowed addresses (or any address), scopes, created; never the key or its hash (administrators only). */
export async function adminApiKeysList(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, { apiKeys: await listApiKeys(await services(), await adminActor(request)) });
}

httpFunction({
  name: 'admin-api-keys-list', route: `${ADMIN_ROUTE}/api-keys`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Every API key, without the key itself (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`{ apiKeys: [{ id, name, allowedIps, anyAddress, scopes, createdAt, createdBy }] }`; `anyAddress: true` marks a key without allowed addresses, which works from any address; keys made before scopes existed have both' },
    errors: [401, 403],
  },
  handler: adminApiKeysList,
});
