import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-api-key-delete', route: `${ADMIN_ROUTE}/api-keys/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: {
    summary: 'Revoke an API key: it stops working at once (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 204, description: 'Revoked' },
    errors: [401, 403, 404],
  },
  handler: onFirstCall(() => import('./handlers/admin-api-key-delete'), 'adminApiKeyDelete'),
});
