import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-topic-delete', route: `${ADMIN_ROUTE}/topics/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'help topic'),
  handler: onFirstCall(() => import('./handlers/admin-topic-delete'), 'adminTopicDelete'),
});
