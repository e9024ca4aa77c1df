import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-schedule-update', route: `${ADMIN_ROUTE}/schedules/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'schedule', { body: 'SchedulePatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-schedule-update'), 'adminScheduleUpdate'),
});
