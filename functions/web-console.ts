import { httpFunction, onFirstCall } from '../shared/host/functions';

// A leading `/`: served from the site root, not below /api.
httpFunction({
  name: 'web-console', route: '/staff', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The agent console: queues, tickets, replies, notes',
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
    errors: [],
  },
  handler: onFirstCall(() => import('./handlers/web-console'), 'webConsole'),
});
