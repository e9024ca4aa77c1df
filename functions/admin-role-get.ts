import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-role-get', route: `${ADMIN_ROUTE}/roles/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'role'),
  handler: onFirstCall(() => import('./handlers/admin-role-get'), 'adminRoleGet'),
});
