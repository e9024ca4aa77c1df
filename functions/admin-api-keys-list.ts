import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-api-keys-list', route: `${ADMIN_ROUTE}/api-keys`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Every API key, without the key itself (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`{ apiKeys: [{ id, name, allowedIps, anyAddress, scopes, createdAt, createdBy }] }`; `anyAddress: true` marks a key without allowed addresses, which works from any address; keys made before scopes existed have both' },
    errors: [401, 403],
  },
  handler: onFirstCall(() => import('./handlers/admin-api-keys-list'), 'adminApiKeysList'),
});
