// How the console gets an agent's bearer token, as GET /api/auth/config says:
// - entra: "Sign in with Microsoft" through MSAL (authorisation code + PKCE, redirect flow back to
//   /staff, the redirect URI the deploy registers on the API's app registration). MSAL keeps its
//   cache in sessionStorage (gone with the tab) and renews the access token silently with the
//   refresh token it holds; the page never sees or stores a password.
// - development: the local stack's one-click picker: the seeded agents from GET
//   /api/auth/dev-sign-in, a development token from POST to it (that route exists only there).
import { CacheLookupPolicy, InteractionRequiredAuthError, createStandardPublicClientApplication, type AccountInfo, type IPublicClientApplication } from '@azure/msal-browser';
import type { ClientAuthConfig } from '../../shared/auth/client-config';
import { call } from './dom';

const DEV_TOKEN_KEY = 'helpdesk.agentToken';

export interface DevAgent {
  email: string;
  name: string;
  isAdmin: boolean;
}

export type AgentAuth =
  | {
      mode: 'entra';
      /** The signed-in account, or null: show "Sign in with Microsoft". */
      account: AccountInfo | null;
      signIn(): Promise<void>;
      /** A current access token for the API (silently renewed), or null when the agent must sign in again. */
      token(): Promise<string | null>;
      signOut(): Promise<void>;
    }
  | {
      mode: 'development';
      agents(): Promise<DevAgent[]>;
      signIn(email: string): Promise<void>;
      token(): Promise<string | null>;
      signOut(): Promise<void>;
    }
  | { mode: 'unconfigured'; message: string };

/** Reads the server's sign-in settings and, in Entra mode, finishes a sign-in redirect if this page load is one. */
export async function agentAuth(): Promise<AgentAuth> {
  const config = (await call<ClientAuthConfig>('GET', '/auth/config')).body;
  if (config.mode === 'entra') return entraAuth(config);
  if (config.mode === 'development') return developmentAuth();
  return config;
}

async function entraAuth(config: Extract<ClientAuthConfig, { mode: 'entra' }>): Promise<AgentAuth> {
  // The console's own address: the SPA redirect URI the deploy registers (https://<site>/staff).
  const here = `${location.origin}/staff`;
  const msal: IPublicClientApplication = await createStandardPublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, redirectUri: here, postLogoutRedirectUri: here },
    cache: { cacheLocation: 'sessionStorage' },
  });
  const result = await msal.handleRedirectPromise();
  if (result?.account) msal.setActiveAccount(result.account);
  const account = () => msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;
  const scopes = [config.scope];
  return {
    mode: 'entra',
    account: account(),
    // The hash (#queue=…, #ticket=…) is kept: MSAL returns to the page the sign-in started from.
    signIn: () => msal.loginRedirect({ scopes }),
    async token() {
      const current = account();
      if (!current) return null;
      try {
        // From the cache while valid; otherwise renewed with the refresh token over fetch, without
        // a redirect. Never through a hidden iframe: the page's CSP allows no frames, and when the
        // refresh token has expired a new sign-in is what the agent is asked for anyway.
        return (await msal.acquireTokenSilent({ scopes, account: current, cacheLookupPolicy: CacheLookupPolicy.AccessTokenAndRefreshToken })).accessToken;
      } catch (err) {
        if (err instanceof InteractionRequiredAuthError) return null;
        throw err;
      }
    },
    signOut: async () => {
      const current = account();
      if (current) await msal.logoutRedirect({ account: current, postLogoutRedirectUri: here });
      else await msal.clearCache();
    },
  };
}

function developmentAuth(): AgentAuth {
  return {
    mode: 'development',
    agents: async () => (await call<{ agents: DevAgent[] }>('GET', '/auth/dev-sign-in')).body.agents,
    async signIn(email) {
      const { token } = (await call<{ token: string }>('POST', '/auth/dev-sign-in', { body: { email } })).body;
      sessionStorage.setItem(DEV_TOKEN_KEY, token);
    },
    token: async () => sessionStorage.getItem(DEV_TOKEN_KEY),
    signOut: async () => sessionStorage.removeItem(DEV_TOKEN_KEY),
  };
}
