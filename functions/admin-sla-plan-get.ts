import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-sla-plan-get', route: `${ADMIN_ROUTE}/sla-plans/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'SLA plan'),
  handler: onFirstCall(() => import('./handlers/admin-sla-plan-get'), 'adminSlaPlanGet'),
});
