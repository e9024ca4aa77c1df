import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-agent-delete', route: `${ADMIN_ROUTE}/agents/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'agent'),
  handler: onFirstCall(() => import('./handlers/admin-agent-delete'), 'adminAgentDelete'),
});
