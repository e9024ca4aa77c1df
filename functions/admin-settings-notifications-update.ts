import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-settings-notifications-update', route: `${ADMIN_ROUTE}/settings/notifications`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: {
    summary: 'Switch alerts and notices on or off (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: 'NotificationSettingsPatch',
    success: { status: 200, description: 'The notification settings after the change' },
    errors: [400, 401, 403, 409, 415],
  },
  handler: onFirstCall(() => import('./handlers/admin-settings-notifications-update'), 'adminSettingsNotificationsUpdate'),
});
