import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'auth-config', route: 'auth/config', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'How clients sign in here: the mode, and in Entra mode the tenant, client id, authority, delegated scope and resource',
    tag: 'operations',
    security: 'none',
    success: {
      status: 200,
      description:
        '`{ mode: "development" }`, or `{ mode: "entra", tenantId, clientId, authority, scope: "api://<id>/access_as_user", resource: "api://<id>" }`, or `{ mode: "unconfigured", message }`',
    },
    errors: [],
  },
  handler: onFirstCall(() => import('./handlers/auth-config'), 'authConfig'),
});
