import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-department-delete', route: `${ADMIN_ROUTE}/departments/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'department'),
  handler: onFirstCall(() => import('./handlers/admin-department-delete'), 'adminDepartmentDelete'),
});
