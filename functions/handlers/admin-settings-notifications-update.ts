import { changeNotificationSettings } from '../../shared/app/admin-settings';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { NotificationSettingsPatch } from '../../shared/schemas/admin';

/** Switch alerts and notices on or off, e.g. `{"enabled": {"autoResponse": false}}` (administrators only). */
export async function adminSettingsNotificationsUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const body = await readJson(request, NotificationSettingsPatch);
  return json(200, await changeNotificationSettings(await services(), actor, body.enabled));
}
