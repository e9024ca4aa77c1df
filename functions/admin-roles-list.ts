import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-roles-list', route: `${ADMIN_ROUTE}/roles`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'role'),
  handler: onFirstCall(() => import('./handlers/admin-roles-list'), 'adminRolesList'),
});
