// Getting a bearer token: a development token for the local help desk, signed with the local
// stack's own secret (as `npm run token` does), or an Entra ID token from @azure/identity. What to
// ask Entra ID for (tenant, resource, scope) comes from the API's GET /auth/config, never typed.
import { AzureCliCredential, DeviceCodeCredential, type TokenCredential } from '@azure/identity';
import { issueDevToken } from '../../shared/auth/jwt';
import { localSettings } from '../../local/settings';
import type { ClientAuthConfig } from '../../shared/auth/client-config';
import { CliError } from './api';
import type { ProfileAuth } from './profile';

export async function devToken(email: string): Promise<string> {
  const settings = localSettings();
  if (settings['AUTH_MODE'] !== 'development' || !settings['DEV_TOKEN_SECRET']) {
    throw new CliError('AUTH_MODE is not "development" in local.settings.json, so the local help desk would refuse a development token');
  }
  // Short-lived on purpose: a new one is signed for every command.
  return issueDevToken(settings['DEV_TOKEN_SECRET'], email, 3600);
}

export async function entraToken(credential: TokenCredential, scope: string): Promise<{ token: string; expiresOn: string }> {
  try {
    const got = await credential.getToken(scope);
    if (!got) throw new Error('no token was returned');
    return { token: got.token, expiresOn: new Date(got.expiresOnTimestamp).toISOString() };
  } catch (err) {
    const first = ((err as Error).message ?? String(err)).split('\n')[0];
    throw new CliError(`could not get an Entra ID token for ${scope}: ${first}`);
  }
}

/**
 * The Azure CLI's public client id (a Microsoft first-party application, the same in every tenant).
 * Device-code sign-in uses it, so no client of our own is needed: the deploy pre-authorises it for
 * the API's access_as_user scope, and it allows public-client flows such as device code.
 */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export type AuthConfig = ClientAuthConfig;

/** The API's GET /auth/config: anonymous, no secrets. */
export async function readAuthConfig(apiUrl: string): Promise<ClientAuthConfig> {
  let res: Response;
  try {
    res = await fetch(`${apiUrl}/auth/config`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new CliError(`could not reach ${apiUrl}/auth/config: ${(err as Error).message}; check --api-url`);
  }
  const body = (await res.json().catch(() => null)) as ClientAuthConfig | null;
  if (!res.ok || !body || !['entra', 'development', 'unconfigured'].includes(body.mode)) {
    throw new CliError(`${apiUrl}/auth/config answered ${res.status} without a sign-in configuration; is ${apiUrl} the help desk's API (ending in /api)?`);
  }
  return body;
}

/** The seeded (active) agents a development help desk offers for sign-in. */
export async function devAgents(apiUrl: string): Promise<{ email: string; name: string }[]> {
  const res = await fetch(`${apiUrl}/auth/dev-sign-in`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) }).catch(() => null);
  if (!res?.ok) return [];
  return ((await res.json()) as { agents: { email: string; name: string }[] }).agents;
}

export function azureCliCredential(tenantId?: string): TokenCredential {
  return new AzureCliCredential(tenantId ? { tenantId } : {});
}

export function deviceCodeCredential(tenantId: string | undefined, clientId: string | undefined = AZURE_CLI_CLIENT_ID): TokenCredential {
  return new DeviceCodeCredential({
    ...(tenantId ? { tenantId } : {}),
    clientId,
    // The prompt goes to stderr so that stdout stays clean for scripts.
    userPromptCallback: (info) => console.error(info.message),
  });
}

/** The bearer token for a command, from HELPDESK_TOKEN or the profile's sign-in. */
export async function tokenFor(auth: ProfileAuth | null, env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env['HELPDESK_TOKEN']?.trim();
  if (fromEnv) return fromEnv;
  if (!auth) throw new CliError('not signed in: run helpdesk login --dev <e-mail> (local) or helpdesk login --api-url <url> (Azure), or set HELPDESK_TOKEN');
  switch (auth.method) {
    case 'dev':
      return devToken(auth.email);
    case 'azure-cli':
      return (await entraToken(azureCliCredential(auth.tenantId), auth.scope)).token;
    case 'token':
      if (auth.expiresOn && Date.parse(auth.expiresOn) <= Date.now() + 30_000) {
        throw new CliError(`the saved token expired at ${auth.expiresOn}; sign in again with helpdesk login`);
      }
      return auth.token;
  }
}
