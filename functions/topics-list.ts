import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'topics-list', route: 'topics', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The help topics a customer may choose',
    tag: 'customer',
    security: 'none',
    success: { status: 200, description: '`{ topics: [{ id, name }] }`' },
    errors: [],
  },
  handler: onFirstCall(() => import('./handlers/topics-list'), 'topicsList'),
});
