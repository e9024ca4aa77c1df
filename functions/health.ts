import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'health', route: 'health', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Liveness: 200 when the store answers',
    tag: 'operations',
    security: 'none',
    success: { status: 200, description: '`{ status: "ok" }`' },
    errors: [503],
  },
  handler: onFirstCall(() => import('./handlers/health'), 'health'),
});
