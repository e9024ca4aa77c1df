import { httpFunction, onFirstCall } from '../shared/host/functions';
import { GRAPH_NOTIFICATIONS_ROUTE } from '../shared/config';

httpFunction({
  name: 'graph-notifications', route: GRAPH_NOTIFICATIONS_ROUTE, methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: "Microsoft Graph's change and lifecycle notifications for the help desk's Microsoft 365 mailboxes; also answers Graph's validation request",
    tag: 'integrations',
    security: 'none',
    query: 'GraphValidationQuery',
    body: 'GraphNotificationBody',
    success: { status: 202, description: '`{ taken, ignored, retry }`; with `validationToken` in the query, 200 and the token as text/plain' },
    errors: [400, 413, 415, 503],
  },
  handler: onFirstCall(() => import('./handlers/graph-notifications'), 'graphNotifications'),
});
