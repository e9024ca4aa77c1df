import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-agent-get', route: `${ADMIN_ROUTE}/agents/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'agent'),
  handler: onFirstCall(() => import('./handlers/admin-agent-get'), 'adminAgentGet'),
});
