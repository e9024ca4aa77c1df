import { readSlaSettings } from '../shared/app/admin-settings';
import { services } from '../shared/services';
import { ADMIN_ROUTE, adminActor } from '../shared/http/admin-requests';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** The SLA settings: which schedule counts and which plan applies by default (administrators only). */
export async function adminSettingsSlaGet(request: HttpRequest): Promise<HttpResponseInit> {
  return json(200, await readSlaSettings(await services(), await adminActor(request)));
}

httpFunction({
  name: 'admin-settings-sla-get', route: `${ADMIN_ROUTE}/settings/sla`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The SLA settings: the schedule that counts where neither the department nor the plan names one, and the plan new tickets take where neither the topic nor the department names one (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: 'The SLA settings: `defaultScheduleId`, `defaultPlanId`' },
    errors: [401, 403],
  },
  handler: adminSettingsSlaGet,
});
