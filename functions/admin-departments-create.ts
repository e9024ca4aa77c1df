import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-departments-create', route: `${ADMIN_ROUTE}/departments`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'department', { body: 'DepartmentCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-departments-create'), 'adminDepartmentsCreate'),
});
