import { readNotificationSettings } from '../shared/app/admin-settings';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** Which alerts and notices are switched on (administrators only). */
export async function adminSettingsNotificationsGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await readNotificationSettings(await services(), await adminActor(request)));
}

httpFunction({ name: 'admin-settings-notifications-get', route: `${ADMIN_ROUTE}/settings/notifications`, methods: ['GET'], authLevel: 'anonymous', handler: adminSettingsNotificationsGet });
