import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'staff-directory', route: 'staff/directory', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Departments, SLA plans, topics, priorities, roles and agents, to turn names into ids',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: '`departments`, `slaPlans`, `topics`, `priorities`, `roles`, `agents`' },
    errors: [401],
  },
  handler: onFirstCall(() => import('./handlers/staff-directory'), 'staffDirectory'),
});
