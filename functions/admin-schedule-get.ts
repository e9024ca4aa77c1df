import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-schedule-get', route: `${ADMIN_ROUTE}/schedules/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'schedule'),
  handler: onFirstCall(() => import('./handlers/admin-schedule-get'), 'adminScheduleGet'),
});
