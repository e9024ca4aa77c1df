import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-sla-plan-delete', route: `${ADMIN_ROUTE}/sla-plans/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'SLA plan'),
  handler: onFirstCall(() => import('./handlers/admin-sla-plan-delete'), 'adminSlaPlanDelete'),
});
