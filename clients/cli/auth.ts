// Getting a bearer token: a development token for the local help desk, signed with the local
// stack's own secret (as `npm run token` does), or an Entra ID token from @azure/identity.
import { AzureCliCredential, DeviceCodeCredential, type TokenCredential } from '@azure/identity';
import { issueDevToken } from '../../shared/auth/jwt';
import { localSettings } from '../../local/settings';
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

export function azureCliCredential(): TokenCredential {
  return new AzureCliCredential();
}

export function deviceCodeCredential(tenantId: string | undefined, clientId: string | undefined): TokenCredential {
  return new DeviceCodeCredential({
    ...(tenantId ? { tenantId } : {}),
    ...(clientId ? { clientId } : {}),
    // The prompt goes to stderr so that stdout stays clean for scripts.
    userPromptCallback: (info) => console.error(info.message),
  });
}

/** The bearer token for a command, from HELPDESK_TOKEN or the profile's sign-in. */
export async function tokenFor(auth: ProfileAuth | null, env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env['HELPDESK_TOKEN']?.trim();
  if (fromEnv) return fromEnv;
  if (!auth) throw new CliError('not signed in: run helpdesk login --dev <e-mail> (local) or helpdesk login --azure --scope <api scope>, or set HELPDESK_TOKEN');
  switch (auth.method) {
    case 'dev':
      return devToken(auth.email);
    case 'azure-cli':
      return (await entraToken(azureCliCredential(), auth.scope)).token;
    case 'token':
      if (auth.expiresOn && Date.parse(auth.expiresOn) <= Date.now() + 30_000) {
        throw new CliError(`the saved token expired at ${auth.expiresOn}; sign in again with helpdesk login`);
      }
      return auth.token;
  }
}
