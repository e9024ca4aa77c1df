import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-schedule-delete', route: `${ADMIN_ROUTE}/schedules/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'schedule'),
  handler: onFirstCall(() => import('./handlers/admin-schedule-delete'), 'adminScheduleDelete'),
});
