import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'staff-me', route: 'staff/me', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The signed-in agent: role, departments and permissions',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: '`id`, `name`, `email`, `isAdmin`, `permissions`, `departments[]` with role and permissions' },
    errors: [401],
  },
  handler: onFirstCall(() => import('./handlers/staff-me'), 'staffMe'),
});
