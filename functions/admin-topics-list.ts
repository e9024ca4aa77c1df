import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-topics-list', route: `${ADMIN_ROUTE}/topics`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'help topic'),
  handler: onFirstCall(() => import('./handlers/admin-topics-list'), 'adminTopicsList'),
});
