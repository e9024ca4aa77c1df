import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-settings-sla-get', route: `${ADMIN_ROUTE}/settings/sla`, methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The SLA settings: the schedule that counts where neither the department nor the plan names one, and the plan new tickets take where neither the topic nor the department names one (administrators only)',
    tag: 'admin',
    security: 'staff',
    success: { status: 200, description: 'The SLA settings: `defaultScheduleId`, `defaultPlanId`' },
    errors: [401, 403],
  },
  handler: onFirstCall(() => import('./handlers/admin-settings-sla-get'), 'adminSettingsSlaGet'),
});
