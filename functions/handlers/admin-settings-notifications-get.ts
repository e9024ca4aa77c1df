import { readNotificationSettings } from '../../shared/app/admin-settings';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** Which alerts and notices are switched on (administrators only). */
export async function adminSettingsNotificationsGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await readNotificationSettings(await services(), await adminActor(request)));
}
