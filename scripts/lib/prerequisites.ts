// What a deploy needs from the subscription and the tenant, checked before anything is touched,
// each failure with the command that fixes it.
import type { Az, AzAccount } from './az';
import { CliError, EXIT } from './cli';

/**
 * The resource providers infra/main.bicep uses. Flex Consumption needs Microsoft.App as well
 * ("Create and manage function apps in the Flex Consumption plan", prerequisites).
 */
export const REQUIRED_PROVIDERS = [
  'Microsoft.Web',
  'Microsoft.App',
  'Microsoft.DocumentDB',
  'Microsoft.ServiceBus',
  'Microsoft.Storage',
  'Microsoft.Communication',
  'Microsoft.Insights',
  'Microsoft.OperationalInsights',
  'Microsoft.ManagedIdentity',
];

/** Built-in roles that may create role assignments (Microsoft.Authorization/roleAssignments/write). */
const ROLE_ASSIGNERS = ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'];
/** Entra roles that may register applications when users in general may not. */
const APP_REGISTRARS = ['Global Administrator', 'Application Administrator', 'Cloud Application Administrator', 'Application Developer'];

export interface PrerequisiteFacts {
  registeredProviders: string[];
  flexLocations: string[];
  location: string;
  /** Role names the operator holds on the subscription (directly, inherited or through groups). */
  subscriptionRoles: string[];
  /** null when no new app registration is needed (one exists or was given). */
  mayRegisterApps: boolean | null;
}

const normalise = (region: string) => region.toLowerCase().replace(/\s+/g, '');

/** Every unmet prerequisite, as a line that says what to do. Pure, so each rule has a unit test. */
export function unmetPrerequisites(facts: PrerequisiteFacts, subscriptionId: string): string[] {
  const problems: string[] = [];
  const registered = new Set(facts.registeredProviders.map((p) => p.toLowerCase()));
  const missing = REQUIRED_PROVIDERS.filter((p) => !registered.has(p.toLowerCase()));
  if (missing.length) {
    problems.push(`resource providers not registered: ${missing.join(', ')}; run ${missing.map((p) => `az provider register --namespace ${p}`).join(' && ')} (takes a minute or two)`);
  }
  if (!facts.flexLocations.map(normalise).includes(normalise(facts.location))) {
    problems.push(`region ${facts.location} does not offer Flex Consumption; pick one from: az functionapp list-flexconsumption-locations --output table`);
  }
  if (!facts.subscriptionRoles.some((r) => ROLE_ASSIGNERS.includes(r))) {
    problems.push(
      `you may not create role assignments on subscription ${subscriptionId} (the deploy gives the app's identity its data roles); ask for Owner, or Contributor plus User Access Administrator: az role assignment create --assignee <you> --role "User Access Administrator" --scope /subscriptions/${subscriptionId}`,
    );
  }
  if (facts.mayRegisterApps === false) {
    problems.push(
      `you may not register applications in this tenant; ask for the Application Developer role in Microsoft Entra ID, or have an administrator create the registration and pass --entra-api-client-id <appId>`,
    );
  }
  return problems;
}

interface RoleAssignment {
  roleDefinitionName?: string;
}

/** Reads the facts with the Azure CLI (read-only calls). */
export function gatherPrerequisites(az: Az, account: AzAccount, operatorObjectId: string, location: string, needsAppRegistration: boolean): PrerequisiteFacts {
  const providers = az.json<{ namespace: string; registrationState: string }[]>(['provider', 'list']) ?? [];
  const flex = az.json<{ name: string }[]>(['functionapp', 'list-flexconsumption-locations']) ?? [];
  const assignments = az.json<RoleAssignment[]>(['role', 'assignment', 'list', '--assignee', operatorObjectId, '--scope', `/subscriptions/${account.id}`, '--include-inherited', '--include-groups']) ?? [];
  let mayRegisterApps: boolean | null = null;
  if (needsAppRegistration) {
    // Members may register applications unless the tenant turned it off (authorizationPolicy);
    // then only some directory roles may.
    const policy = az.json<{ defaultUserRolePermissions?: { allowedToCreateApps?: boolean } }>(['rest', '--method', 'GET', '--uri', 'https://graph.microsoft.com/v1.0/policies/authorizationPolicy']);
    mayRegisterApps = policy?.defaultUserRolePermissions?.allowedToCreateApps !== false;
    if (!mayRegisterApps) {
      const memberOf = az.json<{ value?: { displayName?: string }[] }>(['rest', '--method', 'GET', '--uri', 'https://graph.microsoft.com/v1.0/me/memberOf']);
      mayRegisterApps = (memberOf?.value ?? []).some((g) => APP_REGISTRARS.includes(g.displayName ?? ''));
    }
  }
  return {
    registeredProviders: providers.filter((p) => p.registrationState === 'Registered').map((p) => p.namespace),
    flexLocations: flex.map((l) => l.name),
    location,
    subscriptionRoles: assignments.map((a) => a.roleDefinitionName ?? '').filter(Boolean),
    mayRegisterApps,
  };
}

/** Stops with every unmet prerequisite listed, or returns quietly. */
export function requirePrerequisites(facts: PrerequisiteFacts, subscriptionId: string): void {
  const problems = unmetPrerequisites(facts, subscriptionId);
  if (problems.length === 0) return;
  for (const p of problems) console.error(`  - ${p}`);
  throw new CliError(`${problems.length} prerequisite${problems.length > 1 ? 's are' : ' is'} not met (listed above); nothing was changed`, EXIT.prerequisites);
}
