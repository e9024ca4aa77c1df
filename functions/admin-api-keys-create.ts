import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-api-keys-create', route: `${ADMIN_ROUTE}/api-keys`, methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: 'Issue an API key for the osTicket-compatible API; the key is in the answer, and only there (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: 'ApiKeyCreateBody',
    success: {
      status: 201,
      description:
        '`id`, `name`, `allowedIps`, `anyAddress` (true when `allowedIps` is empty: the key works from any address), `scopes`, `createdAt`, `createdBy`, `key` (shown this once), and `warnings`: what makes the key broader than it need be (any address; both scopes because none were given), empty when nothing does',
    },
    errors: [400, 401, 403, 415],
  },
  handler: onFirstCall(() => import('./handlers/admin-api-keys-create'), 'adminApiKeysCreate'),
});
