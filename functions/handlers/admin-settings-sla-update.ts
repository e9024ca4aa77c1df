import { changeSlaSettings } from '../../shared/app/admin-settings';
import { services } from '../../shared/services';
import { adminActor } from '../../shared/http/admin-requests';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { readJson } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { SlaSettingsPatch } from '../../shared/schemas/admin';

/** Choose the default schedule or plan, e.g. `{"defaultScheduleId": "monday-friday-8am-5pm", "defaultPlanId": "sev-c"}`; open tickets are recomputed in the background after a schedule change (administrators only). */
export async function adminSettingsSlaUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const body = await readJson(request, SlaSettingsPatch);
  return json(200, await changeSlaSettings(await services(), actor, body));
}
