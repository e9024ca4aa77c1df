import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-sla-recompute-get', route: `${ADMIN_ROUTE}/sla-recomputes/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'One background recompute and its progress',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`id`, `name`, `scope`, `status`, `scanned`, `changed`, `createdAt`, `updatedAt`, `finishedAt`' },
    errors: [401, 403, 404],
  },
  handler: onFirstCall(() => import('./handlers/admin-sla-recompute-get'), 'adminSlaRecomputeGet'),
});
