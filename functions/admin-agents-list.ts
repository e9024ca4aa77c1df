import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-agents-list', route: `${ADMIN_ROUTE}/agents`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'agent'),
  handler: onFirstCall(() => import('./handlers/admin-agents-list'), 'adminAgentsList'),
});
