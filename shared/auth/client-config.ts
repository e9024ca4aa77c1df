// What sign-in clients (the console, the CLI, scripts) need to know to get a token for this API,
// derived from the configuration alone: no secrets, nothing typed by hand.
import type { Config } from '../config';

/** The delegated scope agents consent to; the deploy exposes it on the API's app registration. */
export const DELEGATED_SCOPE = 'access_as_user';
/** The app role an automation identity (a service principal) must hold to act as an agent. */
export const AUTOMATION_ROLE = 'Helpdesk.Automation';

export type ClientAuthConfig =
  | { mode: 'development' }
  | {
      mode: 'entra';
      tenantId: string;
      /** The client the console signs in with (the API's own registration, which has the SPA redirect). */
      clientId: string;
      authority: string;
      /** What MSAL asks for: api://<id>/access_as_user. */
      scope: string;
      /** What the Azure CLI credential asks for (it turns a scope into a resource by dropping /.default). */
      resource: string;
    }
  | { mode: 'unconfigured'; message: string };

export function clientAuthConfig(auth: Config['auth']): ClientAuthConfig {
  if (auth.mode === 'development') return { mode: 'development' };
  if (!auth.entra) return { mode: 'unconfigured', message: 'Agent sign-in is not configured for this environment: set ENTRA_TENANT_ID and ENTRA_API_CLIENT_ID' };
  const { tenantId, clientId } = auth.entra;
  const resource = `api://${clientId}`;
  return { mode: 'entra', tenantId, clientId, authority: `https://login.microsoftonline.com/${tenantId}`, scope: `${resource}/${DELEGATED_SCOPE}`, resource };
}
