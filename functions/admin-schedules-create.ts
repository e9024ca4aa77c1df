import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-schedules-create', route: `${ADMIN_ROUTE}/schedules`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'schedule', { body: 'ScheduleCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-schedules-create'), 'adminSchedulesCreate'),
});
