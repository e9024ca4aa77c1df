import { clientAuthConfig } from '../shared/auth/client-config';
import { services } from '../shared/services';
import { httpFunction, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** How clients sign in here: anonymous, no secrets (tenant, client id, scope, resource). */
export async function authConfig(): Promise<HttpResponseInit> {
  return json(200, clientAuthConfig((await await services()).config.auth), { 'cache-control': 'public, max-age=300' });
}

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
  handler: authConfig,
});
