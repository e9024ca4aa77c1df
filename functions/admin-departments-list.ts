import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-departments-list', route: `${ADMIN_ROUTE}/departments`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'department'),
  handler: onFirstCall(() => import('./handlers/admin-departments-list'), 'adminDepartmentsList'),
});
