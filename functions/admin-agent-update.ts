import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-agent-update', route: `${ADMIN_ROUTE}/agents/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'agent', { body: 'AgentPatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-agent-update'), 'adminAgentUpdate'),
});
