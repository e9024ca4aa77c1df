import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-topic-get', route: `${ADMIN_ROUTE}/topics/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'help topic'),
  handler: onFirstCall(() => import('./handlers/admin-topic-get'), 'adminTopicGet'),
});
