import { readSlaSettings } from '../../shared/app/admin-settings';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** The SLA settings: which schedule counts and which plan applies by default (administrators only). */
export async function adminSettingsSlaGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await readSlaSettings(await services(), await adminActor(request)));
}
