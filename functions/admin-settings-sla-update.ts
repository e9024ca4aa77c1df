import { changeSlaSettings } from '../shared/app/admin-settings';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { readJson } from '../shared/http/requests';
import { json } from '../shared/http/responses';
import { SlaSettingsPatch } from '../shared/schemas/admin';

/** Choose the default schedule or plan, e.g. `{"defaultScheduleId": "monday-friday-8am-5pm", "defaultPlanId": "sev-c"}`; open tickets are recomputed in the background after a schedule change (administrators only). */
export async function adminSettingsSlaUpdate(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await adminActor(request);
  const body = await readJson(request, SlaSettingsPatch);
  return json(200, await changeSlaSettings(await services(), actor, body));
}

httpFunction({
  name: 'admin-settings-sla-update', route: `${ADMIN_ROUTE}/settings/sla`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: {
    summary: 'Choose the default schedule (the open tickets it governs are recomputed in the background) or the default SLA plan (for tickets opened from then on); an unknown or disabled one is 400 (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: SlaSettingsPatch,
    success: { status: 200, description: 'The SLA settings after the change' },
    errors: [400, 401, 403, 409, 415],
  },
  handler: adminSettingsSlaUpdate,
});
