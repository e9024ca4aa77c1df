import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-role-delete', route: `${ADMIN_ROUTE}/roles/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'role'),
  handler: onFirstCall(() => import('./handlers/admin-role-delete'), 'adminRoleDelete'),
});
