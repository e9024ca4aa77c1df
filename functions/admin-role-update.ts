import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-role-update', route: `${ADMIN_ROUTE}/roles/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'role', { body: 'RolePatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-role-update'), 'adminRoleUpdate'),
});
