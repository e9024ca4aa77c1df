import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-topic-update', route: `${ADMIN_ROUTE}/topics/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'help topic', { body: 'TopicPatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-topic-update'), 'adminTopicUpdate'),
});
