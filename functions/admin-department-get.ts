import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-department-get', route: `${ADMIN_ROUTE}/departments/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'department'),
  handler: onFirstCall(() => import('./handlers/admin-department-get'), 'adminDepartmentGet'),
});
