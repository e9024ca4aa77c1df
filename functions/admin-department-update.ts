import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-department-update', route: `${ADMIN_ROUTE}/departments/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'department', { body: 'DepartmentPatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-department-update'), 'adminDepartmentUpdate'),
});
