import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-sla-plans-create', route: `${ADMIN_ROUTE}/sla-plans`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'SLA plan', { body: 'SlaPlanCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-sla-plans-create'), 'adminSlaPlansCreate'),
});
