import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-audit-list', route: `${ADMIN_ROUTE}/audit`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The audit trail of directory changes (administrators only)',
    tag: 'admin',
    security: 'staff',
    query: 'AuditParams',
    success: { status: 200, description: 'Audit entries, newest first, paged' },
    errors: [400, 401, 403],
  },
  handler: onFirstCall(() => import('./handlers/admin-audit-list'), 'adminAuditList'),
});
