import { revokeApiKey } from '../shared/app/api-keys';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor, routeId } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';

/** Revoke an API key: it stops working at once. 204 when gone (administrators only). */
export async function adminApiKeyDelete(request: HttpRequest): Promise<HttpResponseInit> {
  await revokeApiKey(await services(), await adminActor(request), routeId(request));
  return { status: 204 };
}

httpFunction({
  name: 'admin-api-key-delete', route: `${ADMIN_ROUTE}/api-keys/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: {
    summary: 'Revoke an API key: it stops working at once (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 204, description: 'Revoked' },
    errors: [401, 403, 404],
  },
  handler: adminApiKeyDelete,
});
