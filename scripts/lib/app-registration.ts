// The API's Entra app registration, made complete by the deploy with `az ad` and `az rest` (the
// Microsoft Graph Bicep extension restores from a registry that cannot be checked here). What a
// sign-in needs, and why:
//   - a service principal: without one, token requests fail with AADSTS500011;
//   - a delegated scope `access_as_user`: without it tokens carry no `scp`, which the API requires;
//   - v2 access tokens (`api.requestedAccessTokenVersion` 2): v1 tokens have the issuer
//     https://sts.windows.net/<tenant>/, which the API refuses;
//   - the Azure CLI pre-authorised for the scope, so `helpdesk login` and scripts get a token
//     through `az` (or a device code with the Azure CLI's client id) without a consent prompt;
//   - a single-page-application redirect URI for the console at the deployed site: the console
//     signs in with this same registration (one registration to keep right, and a client asking
//     for its own API's scope needs no consent);
//   - an app role `Helpdesk.Automation` for applications that sign in as themselves.
// Sources: learn.microsoft.com "Application and service principal objects in Microsoft Entra ID",
// "Access tokens in the Microsoft identity platform" (token versions), Graph API "application
// resource type" (api, appRoles, spa) and "Update application".
import { randomUUID } from 'node:crypto';
import { AUTOMATION_ROLE, DELEGATED_SCOPE } from '../../shared/auth/client-config';
import type { Az } from './az';
import { apiAppDisplayNameFor, CliError } from './cli';

/** The Azure CLI's public client id (the first-party "Microsoft Azure CLI" application). */
export const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export interface PermissionScope {
  id: string;
  value: string;
  type: 'User' | 'Admin';
  isEnabled: boolean;
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string;
  userConsentDescription: string;
}

export interface AppRole {
  id: string;
  value: string;
  allowedMemberTypes: string[];
  displayName: string;
  description: string;
  isEnabled: boolean;
}

/** The parts of a Graph `application` the deploy reads and writes. */
export interface GraphApplication {
  id: string;
  appId: string;
  displayName?: string;
  identifierUris?: string[];
  api?: {
    requestedAccessTokenVersion?: number | null;
    oauth2PermissionScopes?: PermissionScope[];
    preAuthorizedApplications?: { appId: string; delegatedPermissionIds: string[] }[];
  } | null;
  appRoles?: AppRole[];
  spa?: { redirectUris?: string[] } | null;
}

/**
 * The Graph PATCH bodies that bring `app` to what sign-in needs, in order; empty when all is right.
 * The scope must exist before an application can be pre-authorised for it, so that is a second
 * PATCH. Collections are sent whole (Graph replaces a collection it is given), keeping whatever
 * else is there.
 */
export interface RegistrationPatch {
  /** What it sets, in words, for the progress lines. */
  what: string;
  body: Record<string, unknown>;
}

export function registrationPatches(app: GraphApplication, options: { redirectUri: string | null; newId?: () => string }): RegistrationPatch[] {
  const newId = options.newId ?? randomUUID;
  const patches: RegistrationPatch[] = [];
  const uri = `api://${app.appId}`;
  const uris = app.identifierUris ?? [];
  if (!uris.includes(uri)) patches.push({ what: 'application ID URI', body: { identifierUris: [...uris, uri] } });

  const api = app.api ?? {};
  const scopes = api.oauth2PermissionScopes ?? [];
  let scope = scopes.find((s) => s.value === DELEGATED_SCOPE);
  const scopeRight = scope?.isEnabled === true && scope.type === 'User';
  if (!scopeRight || api.requestedAccessTokenVersion !== 2) {
    scope = {
      id: scope?.id ?? newId(),
      value: DELEGATED_SCOPE,
      type: 'User',
      isEnabled: true,
      adminConsentDisplayName: 'Work the help desk as yourself',
      adminConsentDescription: 'Lets the app call the help desk API as the signed-in agent.',
      userConsentDisplayName: 'Work the help desk as you',
      userConsentDescription: 'Lets the app call the help desk API as you.',
    };
    patches.push({
      what: `scope ${DELEGATED_SCOPE} and v2 tokens`,
      body: { api: { ...api, requestedAccessTokenVersion: 2, oauth2PermissionScopes: [...scopes.filter((s) => s.value !== DELEGATED_SCOPE), scope] } },
    });
  }

  const preAuthorized = api.preAuthorizedApplications ?? [];
  const cli = preAuthorized.find((p) => p.appId === AZURE_CLI_APP_ID);
  if (!cli?.delegatedPermissionIds.includes(scope!.id)) {
    patches.push({
      what: 'Azure CLI pre-authorised',
      body: {
        api: {
          ...api,
          requestedAccessTokenVersion: 2,
          oauth2PermissionScopes: [...scopes.filter((s) => s.value !== DELEGATED_SCOPE), scope],
          preAuthorizedApplications: [
            ...preAuthorized.filter((p) => p.appId !== AZURE_CLI_APP_ID),
            { appId: AZURE_CLI_APP_ID, delegatedPermissionIds: [...new Set([...(cli?.delegatedPermissionIds ?? []), scope!.id])] },
          ],
        },
      },
    });
  }

  const roles = app.appRoles ?? [];
  const role = roles.find((r) => r.value === AUTOMATION_ROLE);
  if (!role?.isEnabled || !role.allowedMemberTypes.includes('Application')) {
    patches.push({
      what: `app role ${AUTOMATION_ROLE}`,
      body: {
        appRoles: [
          ...roles.filter((r) => r.value !== AUTOMATION_ROLE),
          {
            id: role?.id ?? newId(),
            value: AUTOMATION_ROLE,
            allowedMemberTypes: ['Application'],
            displayName: 'Help desk automation',
            description: 'An application that signs in as itself and acts as the agent an administrator maps to it.',
            isEnabled: true,
          },
        ],
      },
    });
  }

  const redirects = app.spa?.redirectUris ?? [];
  if (options.redirectUri && !redirects.includes(options.redirectUri)) {
    patches.push({ what: 'console redirect URI', body: { spa: { redirectUris: [...redirects, options.redirectUri] } } });
  }
  return patches;
}

const graphApplication = (id: string) => `https://graph.microsoft.com/v1.0/applications/${id}`;

function patchApplication(az: Az, app: GraphApplication, body: Record<string, unknown>): void {
  az.run(['rest', '--method', 'PATCH', '--uri', graphApplication(app.id), '--headers', 'Content-Type=application/json', '--body', JSON.stringify(body)]);
}

export interface RegistrationResult {
  appId: string;
  created: boolean;
  /** What was changed, in words, for the progress lines; empty when all was right. */
  changes: string[];
}

/** Brings the registration (found or given) and its service principal to what sign-in needs. */
export function completeRegistration(az: Az, appId: string, redirectUri: string | null): string[] {
  const changes: string[] = [];
  const app = az.json<GraphApplication>(['ad', 'app', 'show', '--id', appId]);
  if (!app?.id) throw new CliError(`az ad app show returned nothing for ${appId}`);
  // Each PATCH is computed from the state after the previous one: the pre-authorisation needs the scope's id.
  let current = app;
  for (let patch = registrationPatches(current, { redirectUri })[0]; patch; patch = registrationPatches(current, { redirectUri })[0]) {
    patchApplication(az, current, patch.body);
    changes.push(patch.what);
    current = { ...current, ...patch.body } as GraphApplication;
    if (changes.length > 6) throw new CliError(`the app registration ${appId} does not keep the changes made to it; check it in the Entra admin center`);
  }
  const principals = az.json<{ id: string }[]>(['ad', 'sp', 'list', '--filter', `appId eq '${appId}'`]) ?? [];
  if (principals.length === 0) {
    az.run(['ad', 'sp', 'create', '--id', appId]);
    changes.push('service principal');
  }
  return changes;
}

/** The API's app registration: found by display name or created, then made complete. */
export function ensureApiAppRegistration(az: Az, env: string): RegistrationResult {
  const displayName = apiAppDisplayNameFor(env);
  const found = az.json<{ appId: string }[]>(['ad', 'app', 'list', '--display-name', displayName]) ?? [];
  if (found.length > 1) throw new CliError(`more than one app registration is named ${displayName}; pass --entra-api-client-id`);
  let appId = found[0]?.appId;
  const created = !appId;
  if (!appId) {
    const app = az.json<{ appId: string }>(['ad', 'app', 'create', '--display-name', displayName, '--sign-in-audience', 'AzureADMyOrg']);
    if (!app?.appId) throw new CliError(`az ad app create returned no appId for ${displayName}`);
    appId = app.appId;
  }
  return { appId, created, changes: completeRegistration(az, appId, null) };
}

/**
 * Gives a service principal (a workflow's identity) the automation app role on the API, once:
 * its client-credential tokens then carry `roles: ["Helpdesk.Automation"]`. Graph:
 * "Grant an appRoleAssignment for a service principal" (POST .../appRoleAssignedTo).
 */
export function grantAutomationRole(az: Az, apiAppId: string, principalObjectId: string): boolean {
  const [apiSp] = az.json<{ id: string }[]>(['ad', 'sp', 'list', '--filter', `appId eq '${apiAppId}'`]) ?? [];
  if (!apiSp) throw new CliError(`the API app ${apiAppId} has no service principal yet`);
  const role = az.json<GraphApplication>(['ad', 'app', 'show', '--id', apiAppId])?.appRoles?.find((r) => r.value === AUTOMATION_ROLE);
  if (!role) throw new CliError(`the API app ${apiAppId} has no ${AUTOMATION_ROLE} app role`);
  const uri = `https://graph.microsoft.com/v1.0/servicePrincipals/${apiSp.id}/appRoleAssignedTo`;
  const existing = az.json<{ value?: { principalId: string; appRoleId: string }[] }>(['rest', '--method', 'GET', '--uri', uri])?.value ?? [];
  if (existing.some((a) => a.principalId === principalObjectId && a.appRoleId === role.id)) return false;
  az.run(['rest', '--method', 'POST', '--uri', uri, '--headers', 'Content-Type=application/json', '--body', JSON.stringify({ principalId: principalObjectId, resourceId: apiSp.id, appRoleId: role.id })]);
  return true;
}
