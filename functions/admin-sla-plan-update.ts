import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-sla-plan-update', route: `${ADMIN_ROUTE}/sla-plans/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'SLA plan', { body: 'SlaPlanPatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-sla-plan-update'), 'adminSlaPlanUpdate'),
});
