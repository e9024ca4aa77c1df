import { developmentSignIn } from '../shared/config';
import { httpFunction, onFirstCall } from '../shared/host/functions';

// Local development only. Anyone who can reach this route can act as any agent, so it must never
// exist in Azure: it registers only when the configuration says AUTH_MODE=development outside Azure
// (developmentSignIn in shared/config.ts), and each request checks the loaded configuration again.
if (developmentSignIn()) {
  httpFunction({
    name: 'auth-dev-sign-in', route: 'auth/dev-sign-in', methods: ['GET', 'POST'], authLevel: 'anonymous',
    doc: {
      summary: 'Local development only (AUTH_MODE=development; never registered in Azure): GET lists the active agents, POST `{ email }` signs a development token for one of them',
      tag: 'operations',
      security: 'none',
      success: { status: 200, description: 'GET: `{ agents: [{ email, name, isAdmin }] }`; POST: `{ token, expiresOn, email, name }`' },
      errors: [400, 404, 415],
    },
    handler: onFirstCall(() => import('./handlers/auth-dev-sign-in'), 'authDevSignIn'),
  });
}
