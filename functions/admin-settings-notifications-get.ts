import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-settings-notifications-get', route: `${ADMIN_ROUTE}/settings/notifications`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: "Which of osTicket's alerts and notices are switched on (administrators only)",
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: 'The notification settings' },
    errors: [401, 403],
  },
  handler: onFirstCall(() => import('./handlers/admin-settings-notifications-get'), 'adminSettingsNotificationsGet'),
});
