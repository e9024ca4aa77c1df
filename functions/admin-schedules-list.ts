import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-schedules-list', route: `${ADMIN_ROUTE}/schedules`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'schedule'),
  handler: onFirstCall(() => import('./handlers/admin-schedules-list'), 'adminSchedulesList'),
});
