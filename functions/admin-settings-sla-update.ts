import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';

httpFunction({
  name: 'admin-settings-sla-update', route: `${ADMIN_ROUTE}/settings/sla`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: {
    summary: 'Choose the default schedule (the open tickets it governs are recomputed in the background) or the default SLA plan (for tickets opened from then on); an unknown or disabled one is 400 (administrators only)',
    tag: 'admin',
    security: 'staff',
    body: 'SlaSettingsPatch',
    success: { status: 200, description: 'The SLA settings after the change' },
    errors: [400, 401, 403, 409, 415],
  },
  handler: onFirstCall(() => import('./handlers/admin-settings-sla-update'), 'adminSettingsSlaUpdate'),
});
