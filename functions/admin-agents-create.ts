import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-agents-create', route: `${ADMIN_ROUTE}/agents`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'agent', { body: 'AgentCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-agents-create'), 'adminAgentsCreate'),
});
