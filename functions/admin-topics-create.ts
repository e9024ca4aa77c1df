import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-topics-create', route: `${ADMIN_ROUTE}/topics`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'help topic', { body: 'TopicCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-topics-create'), 'adminTopicsCreate'),
});
