import { clientAuthConfig } from '../../shared/auth/client-config';
import { services } from '../../shared/services';
import type { HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** How clients sign in here: anonymous, no secrets (tenant, client id, scope, resource). */
export async function authConfig(): Promise<HttpResponseInit> {
  return json(200, clientAuthConfig((await await services()).config.auth), { 'cache-control': 'public, max-age=300' });
}
