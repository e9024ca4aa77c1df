import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-roles-create', route: `${ADMIN_ROUTE}/roles`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'role', { body: 'RoleCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-roles-create'), 'adminRolesCreate'),
});
