import { readNotificationSettings } from '../shared/app/admin-settings';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** Which alerts and notices are switched on (administrators only). */
export async function adminSettingsNotificationsGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await readNotificationSettings(await services(), await adminActor(request)));
}

httpFunction({
  name: 'admin-settings-notifications-get', route: `${ADMIN_ROUTE}/settings/notifications`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: "Which of osTicket's alerts and notices are switched on (administrators only)",
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: 'The notification settings' },
    errors: [401, 403],
  },
  handler: adminSettingsNotificationsGet,
});
