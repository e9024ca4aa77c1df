import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-sla-recomputes-list', route: `${ADMIN_ROUTE}/sla-recomputes`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The background recomputes of open tickets\' SLA targets that a schedule, plan or department change started, newest first',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: '`{ recomputes: [{ id, name, scope, status: queued|running|done, scanned, changed, createdAt, updatedAt, finishedAt }] }`' },
    errors: [401, 403],
  },
  handler: onFirstCall(() => import('./handlers/admin-sla-recomputes-list'), 'adminSlaRecomputesList'),
});
