import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-sla-plans-list', route: `${ADMIN_ROUTE}/sla-plans`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'SLA plan'),
  handler: onFirstCall(() => import('./handlers/admin-sla-plans-list'), 'adminSlaPlansList'),
});
