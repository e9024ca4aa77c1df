import { changeNotificationSettings } from '../shared/app/admin-settings';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { NotificationSettingsPatch } from '../shared/schemas/admin';

/** Switch alerts and notices on or off, e.g. `{"enabled": {"autoResponse": false}}` (administrators only). */
export async function adminSettingsNotificationsUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const body = await readJson(request, NotificationSettingsPatch);
  return json(200, await changeNotificationSettings(await services(), actor, body.enabled));
}

httpFunction({
  name: 'admin-settings-notifications-update', route: `${ADMIN_ROUTE}/settings/notifications`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: {
    summary: 'Switch alerts and notices on or off (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: NotificationSettingsPatch,
    success: { status: 200, description: 'The notification settings after the change' },
    errors: [400, 401, 403, 409, 415],
  },
  handler: adminSettingsNotificationsUpdate,
});
