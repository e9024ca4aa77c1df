// One command up: npm run deploy -- --env <name> --location <region>
// Checks the Azure CLI sign-in, bundles the app, provisions infra/main.bicep at subscription scope,
// deploys the package, seeds the directory with a first admin and prints the API URL. Re-running
// it with the same --env updates the environment in place.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AzError, azCli, outputValue, requireLogin, type Az, type AzAccount, type DeploymentOutputs, type SignedInUser } from './lib/az';
import { completeRegistration, ensureApiAppRegistration, grantAutomationRole } from './lib/app-registration';
import { ensureHelpdeskSecret, refreshSecretReference } from './lib/helpdesk-secret';
import { gatherPrerequisites, requirePrerequisites } from './lib/prerequisites';
import { retryWhile } from './lib/retry';
import { apiAppDisplayNameFor, bold, checkEnvName, CliError, deploymentNameFor, EXIT, Progress, projectRoot, resourceGroupFor, runMain } from './lib/cli';
import { seedFirstAdmin, type FirstAdmin, type SeedResult } from './lib/seed';
import { bundle, kib } from './bundle';

const HELP = `Usage: npm run deploy -- --env <name> --location <region> [options]

Deploys a complete help desk environment to the Azure subscription the Azure CLI is signed in to
(az account show), or updates it in place when it exists:
  1. checks the Azure CLI sign-in          6. provisions infra/main.bicep (resource group rg-<name>)
  2. identifies you (the first admin)      7. writes the help-desk secret into Key Vault, once
  3. checks the prerequisites              8. deploys the bundle to the function app
  4. finds or creates the API's Entra app  9. seeds the directory with the first admin
  5. bundles the functions with esbuild

Options:
  --env <name>                  environment name: resource group rg-<name>, unique resource names (required)
  --location <region>           Azure region with Flex Consumption, e.g. swedencentral, eastus2 (required)
  --admin-email <address>       first admin's e-mail (default: your own signed-in Entra user)
  --entra-api-client-id <id>    use this app registration for the API (default: find or create helpdesk-api-<name>)
  --demo                        also seed the demo agents (admin@, jane@, john@example.com)
  --skip-seed                   do not touch the directory
  --seed-only                   only seed the directory of an existing environment (used by azd's postdeploy hook)
  --mail-domain <domain>        send mail from a domain of your own: the first run adds it and prints the
                                DNS records to create; a later run asks Azure to verify them, and once
                                verified links the domain and sends from DoNotReply@<domain>
  --trusted-authserv-ids <ids>  comma-separated host names your inbound mail service writes first in its
                                Authentication-Results headers; only mail it vouches for (DMARC, or DKIM
                                aligned with the sender) may add to a ticket (default: none)
  --what-if                     check the prerequisites and preview what a deploy would change
                                (az deployment sub what-if); changes nothing
  -h, --help                    show this help

Environment:
  DEPLOY_RETRY_INTERVAL_MS      pause between retries while new role assignments propagate (default 15000)

Before anything is changed, it checks that the resource providers are registered (Microsoft.App
among them), that the region offers Flex Consumption, that you may create role assignments and,
when it must create the app registration, that you may register applications.

Exit codes: 0 done, 1 failed, 2 bad usage, 3 Azure CLI not logged in, 5 a prerequisite is not met.`;

interface DeployOptions {
  /** Pause between retries while new role assignments propagate. */
  retryIntervalMs?: number;
  env: string;
  location: string | null;
  adminEmail: string | null;
  entraApiClientId: string | null;
  demo: boolean;
  skipSeed: boolean;
  seedOnly: boolean;
  whatIf: boolean;
  mailDomain: string | null;
  trustedAuthservIds: string | null;
}

export function parseDeployArgs(argv: string[]): DeployOptions | 'help' {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        env: { type: 'string' },
        location: { type: 'string' },
        'admin-email': { type: 'string' },
        'entra-api-client-id': { type: 'string' },
        demo: { type: 'boolean', default: false },
        'skip-seed': { type: 'boolean', default: false },
        'seed-only': { type: 'boolean', default: false },
        'what-if': { type: 'boolean', default: false },
        'mail-domain': { type: 'string' },
        'trusted-authserv-ids': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message} (see --help)`, EXIT.usage);
  }
  if (values.help) return 'help';
  const env = checkEnvName(values.env);
  const location = values.location ?? null;
  if (!values['seed-only'] && !location) throw new CliError('--location <region> is required, e.g. --location swedencentral', EXIT.usage);
  if (location && !/^[a-z0-9]+$/.test(location)) throw new CliError(`--location must be an Azure region name such as swedencentral (got "${location}")`, EXIT.usage);
  const adminEmail = values['admin-email'] ?? null;
  if (adminEmail !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) throw new CliError(`--admin-email is not an e-mail address: "${adminEmail}"`, EXIT.usage);
  const clientId = values['entra-api-client-id'] ?? null;
  if (clientId !== null && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) {
    throw new CliError(`--entra-api-client-id must be an application (client) ID, a GUID (got "${clientId}")`, EXIT.usage);
  }
  if (values['skip-seed'] && values['seed-only']) throw new CliError('--skip-seed and --seed-only exclude each other', EXIT.usage);
  if (values['what-if'] && values['seed-only']) throw new CliError('--what-if and --seed-only exclude each other', EXIT.usage);
  const mailDomain = values['mail-domain']?.toLowerCase() ?? null;
  const trustedAuthservIds = values['trusted-authserv-ids']?.toLowerCase().replace(/\s+/g, '') ?? null;
  if (trustedAuthservIds !== null && !/^([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)(,[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)*$/.test(trustedAuthservIds)) {
    throw new CliError(`--trusted-authserv-ids must be host names separated by commas, such as mx.contoso.com (got "${values['trusted-authserv-ids']}")`, EXIT.usage);
  }
  if (mailDomain !== null && !/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(mailDomain)) {
    throw new CliError(`--mail-domain must be a domain name such as help.contoso.com (got "${values['mail-domain']}")`, EXIT.usage);
  }
  return {
    env, location, adminEmail, entraApiClientId: clientId, demo: values.demo, skipSeed: values['skip-seed'], seedOnly: values['seed-only'], whatIf: values['what-if'], mailDomain, trustedAuthservIds,
  };
}

interface Operator {
  principalId: string;
  principalType: 'User' | 'ServicePrincipal';
  admin: FirstAdmin;
}

/**
 * Who deploys: their object id gets the data roles (seeding, dead letters); who becomes the first
 * admin. A workflow signed in as a service principal (OIDC) becomes an automation agent mapped to
 * that service principal: its app-role tokens then act as that agent.
 */
function identifyOperator(az: Az, account: AzAccount, adminEmail: string | null): Operator {
  if (account.user?.type === 'servicePrincipal') {
    const sp = az.json<{ id: string; displayName?: string }>(['ad', 'sp', 'show', '--id', account.user.name]);
    if (!sp?.id) throw new CliError(`cannot read the service principal ${account.user.name} (az ad sp show)`);
    const email = adminEmail ?? `automation-${sp.id.slice(0, 8)}@helpdesk.invalid`;
    return { principalId: sp.id, principalType: 'ServicePrincipal', admin: { email, name: sp.displayName ?? 'Automation', entraObjectId: sp.id } };
  }
  let user: SignedInUser | null = null;
  try {
    user = az.json<SignedInUser>(['ad', 'signed-in-user', 'show']);
  } catch {
    user = null;
  }
  if (!user?.id) {
    throw new CliError('cannot read your Entra user (az ad signed-in-user show); sign in to the Azure CLI as a user, or as a service principal (az login --service-principal)');
  }
  const ownAddress = (user.mail ?? user.userPrincipalName ?? '').toLowerCase();
  if (adminEmail && adminEmail.toLowerCase() !== ownAddress) {
    return { principalId: user.id, principalType: 'User', admin: { email: adminEmail, name: adminEmail, entraObjectId: null } };
  }
  if (!ownAddress) throw new CliError('your Entra user has no e-mail address or user principal name; pass --admin-email');
  return { principalId: user.id, principalType: 'User', admin: { email: ownAddress, name: user.displayName ?? ownAddress, entraObjectId: user.id } };
}

const MAIL_CHECKS = ['Domain', 'SPF', 'DKIM', 'DKIM2'] as const;

interface MailDomainState {
  /** The domain resource from an earlier run, when there is one. */
  resourceId: string | null;
  /** Status per check (Domain, SPF, DKIM, DKIM2), e.g. NotStarted, VerificationRequested, Verified. */
  states: Record<string, string>;
  verified: boolean;
}

/** Where an earlier run left the custom mail domain: its resource and its verification states. */
function mailDomainState(az: Az, env: string, domain: string): MailDomainState {
  let resourceId: string | null = null;
  try {
    const previous = az.json<Deployment>(['deployment', 'sub', 'show', '--name', deploymentNameFor(env)]);
    const id = previous?.properties?.outputs ? String(Object.entries(previous.properties.outputs).find(([k]) => k.toLowerCase() === 'mail_domain_resource_id')?.[1]?.value ?? '') : '';
    resourceId = id.toLowerCase().endsWith(`/domains/${domain}`) ? id : null;
  } catch {
    resourceId = null; // no earlier deployment: a first run
  }
  if (!resourceId) return { resourceId, states: {}, verified: false };
  const resource = az.json<{ properties?: { verificationStates?: Record<string, { status?: string }> } }>(['resource', 'show', '--ids', resourceId]);
  const states = Object.fromEntries(MAIL_CHECKS.map((c) => [c, resource?.properties?.verificationStates?.[c]?.status ?? 'NotStarted']));
  return { resourceId, states, verified: MAIL_CHECKS.every((c) => states[c] === 'Verified') };
}

/** Prints the DNS records still needed and asks Azure to check the ones not verified yet. */
function reportMailDomain(az: Az, progress: Progress, domain: string, mail: MailDomainState, outputs: DeploymentOutputs): void {
  if (mail.verified) return progress.detail(`mail goes out from DoNotReply@${domain} (verified and linked)`);
  const records = (Object.entries(outputs).find(([k]) => k.toLowerCase() === 'mail_domain_records')?.[1]?.value ?? {}) as Record<string, { type?: string; name?: string; value?: string; ttl?: number }>;
  progress.detail(`mail keeps going out from the Azure-managed domain until ${domain} is verified; create these DNS records at your DNS host:`);
  for (const [check, r] of Object.entries(records)) progress.detail(`  ${check.padEnd(6)} ${r.type ?? ''} ${r.name ?? ''} ${r.value ?? ''}${r.ttl ? ` (TTL ${r.ttl})` : ''}`);
  if (mail.resourceId) {
    // An earlier run added the domain, so the records may exist by now: ask Azure to check them.
    for (const check of MAIL_CHECKS.filter((c) => mail.states[c] !== 'Verified' && mail.states[c] !== 'VerificationInProgress' && mail.states[c] !== 'VerificationRequested')) {
      az.run(['rest', '--method', 'POST', '--uri', `https://management.azure.com${mail.resourceId}/initiateVerification?api-version=2025-05-01`, '--headers', 'Content-Type=application/json', '--body', JSON.stringify({ verificationType: check })]);
    }
    progress.detail(`verification: ${MAIL_CHECKS.map((c) => `${c} ${mail.states[c]}`).join(', ')}; asked Azure to check the rest. Run this command again once they show Verified.`);
  } else {
    progress.detail('then run this command again: it asks Azure to verify them, and links the domain once they pass');
  }
}

/** A package upload refused because the identity's storage role has not propagated yet. */
export function storageRoleNotReady(err: unknown): boolean {
  return err instanceof AzError && /BlobUploadFailed|AuthorizationPermissionMismatch|AuthorizationFailure|\b403\b/i.test(err.stderr);
}

function lookupOutput(outputs: DeploymentOutputs, name: string): string {
  // ARM keeps the case of output names; look them up without it to be safe.
  const key = Object.keys(outputs).find((k) => k.toLowerCase() === name.toLowerCase());
  return outputValue(key ? { [name]: outputs[key]! } : {}, name);
}

interface Deployment {
  properties?: { provisioningState?: string; outputs?: DeploymentOutputs };
}

function deploymentOutputs(deployment: Deployment | null, what: string): DeploymentOutputs {
  const state = deployment?.properties?.provisioningState;
  if (state && state !== 'Succeeded') throw new CliError(`${what} ended ${state}; see the deployment in the Azure portal (Subscription > Deployments)`);
  const outputs = deployment?.properties?.outputs;
  if (!outputs) throw new CliError(`${what} returned no outputs`);
  return outputs;
}

async function seedOnly(az: Az, options: DeployOptions): Promise<void> {
  const progress = new Progress(3);
  progress.step('Checking the Azure CLI sign-in');
  const account = requireLogin(az);
  progress.detail(`subscription ${account.name} (${account.id})`);
  progress.step('Identifying the first admin');
  const { admin } = identifyOperator(az, account, options.adminEmail);
  progress.step('Seeding the directory');
  // azd hands its outputs to hooks as environment variables; otherwise read the deployment.
  let endpoint = process.env.COSMOS_ENDPOINT ?? '';
  let database = process.env.COSMOS_DATABASE ?? '';
  if (!endpoint || !database) {
    const outputs = deploymentOutputs(az.json<Deployment>(['deployment', 'sub', 'show', '--name', deploymentNameFor(options.env)]), 'the deployment');
    endpoint = lookupOutput(outputs, 'COSMOS_ENDPOINT');
    database = lookupOutput(outputs, 'COSMOS_DATABASE');
  }
  const seeded = await seedFirstAdmin({ cosmosEndpoint: endpoint, database }, admin, { demo: options.demo, log: (l) => progress.detail(l) });
  progress.detail(seedSummary(seeded, admin));
}

function seedSummary(seeded: SeedResult, admin: FirstAdmin): string {
  const who = seeded.outcome === 'existing' ? `an administrator exists already (${seeded.adminId}); ${admin.email} was not added` : `first admin ${admin.email} (${seeded.adminId}, ${seeded.outcome})`;
  return `${seeded.created} directory entries created; ${who}`;
}

export async function deploy(az: Az, options: DeployOptions): Promise<void> {
  if (options.seedOnly) return seedOnly(az, options);
  const root = projectRoot();
  const location = options.location!;
  const progress = new Progress(options.whatIf ? 4 : 9);

  progress.step('Checking the Azure CLI sign-in');
  const account = requireLogin(az);
  progress.detail(`subscription ${account.name} (${account.id}), tenant ${account.tenantId}`);

  progress.step('Identifying the first admin');
  const { principalId, principalType, admin } = identifyOperator(az, account, options.adminEmail);
  progress.detail(`${admin.email}${admin.entraObjectId ? ` (Entra object ${admin.entraObjectId})` : ''}`);

  // Read-only until every prerequisite holds: nothing is created in a subscription that cannot take it.
  progress.step('Checking the prerequisites');
  const existing = options.entraApiClientId ? [] : (az.json<{ appId: string }[]>(['ad', 'app', 'list', '--display-name', apiAppDisplayNameFor(options.env)]) ?? []);
  requirePrerequisites(gatherPrerequisites(az, account, principalId, location, !options.entraApiClientId && existing.length === 0), account.id);
  progress.detail('providers registered, Flex Consumption offered in the region, role assignments and app registration allowed');

  const mail = options.mailDomain ? mailDomainState(az, options.env, options.mailDomain) : null;
  const parameters = (clientId: string) => [
    '--name', deploymentNameFor(options.env),
    '--location', location,
    '--template-file', join(root, 'infra', 'main.bicep'),
    '--parameters',
    `environmentName=${options.env}`,
    `location=${location}`,
    `principalId=${principalId}`,
    `principalType=${principalType}`,
    `entraApiClientId=${clientId}`,
    ...(mail ? [`mailDomain=${options.mailDomain}`, `mailDomainVerified=${mail.verified}`] : []),
    ...(options.trustedAuthservIds ? [`inboundTrustedAuthservIds=${options.trustedAuthservIds}`] : []),
  ];

  if (options.whatIf) {
    progress.step(`Previewing the changes to ${resourceGroupFor(options.env)} (az deployment sub what-if); nothing is changed`);
    const known = options.entraApiClientId ?? existing[0]?.appId ?? '';
    if (!known) progress.detail(`the app registration ${apiAppDisplayNameFor(options.env)} does not exist yet: a deploy would create it`);
    az.show(['deployment', 'sub', 'what-if', ...parameters(known)]);
    return;
  }

  progress.step('Finding the API app registration');
  let clientId = options.entraApiClientId;
  if (clientId) {
    const changes = completeRegistration(az, clientId, null);
    progress.detail(`using ${clientId}${changes.length ? `; set ${changes.join(', ')}` : ''}`);
  } else {
    const reg = ensureApiAppRegistration(az, options.env);
    clientId = reg.appId;
    progress.detail(`${reg.created ? 'created' : 'found'} ${apiAppDisplayNameFor(options.env)} (${clientId})${reg.changes.length ? `; set ${reg.changes.join(', ')}` : '; complete'}`);
  }

  if (principalType === 'ServicePrincipal' && grantAutomationRole(az, clientId, principalId)) {
    progress.detail(`granted your service principal the app role Helpdesk.Automation`);
  }

  progress.step('Bundling the functions');
  const built = await bundle({ root });
  progress.detail(`${built.functionFiles.length} functions, bundle ${kib(built.bundleBytes)}, package ${kib(built.zipBytes)}`);

  progress.step(`Provisioning ${resourceGroupFor(options.env)} in ${location} (a first run takes several minutes)`);
  const deployment = az.json<Deployment>(['deployment', 'sub', 'create', ...parameters(clientId)]);
  const outputs = deploymentOutputs(deployment, 'the deployment');
  const resourceGroup = lookupOutput(outputs, 'AZURE_RESOURCE_GROUP');
  const appName = lookupOutput(outputs, 'AZURE_FUNCTION_APP_NAME');
  const apiBaseUrl = lookupOutput(outputs, 'API_BASE_URL');
  // The console signs agents in with the API's registration: its page must be a redirect URI there.
  const consoleUrl = `${new URL(apiBaseUrl).origin}/staff`;
  const redirectChanges = completeRegistration(az, clientId, consoleUrl);
  if (redirectChanges.length) progress.detail(`app registration: set ${redirectChanges.join(', ')}`);

  if (options.mailDomain && mail) reportMailDomain(az, progress, options.mailDomain, mail, outputs);

  // Before the package: the app must find its secret when it first serves a request.
  const vaultName = lookupOutput(outputs, 'KEY_VAULT_NAME');
  progress.step(`Keeping the help-desk secret in Key Vault ${vaultName}`);
  const timing = { retryIntervalMs: options.retryIntervalMs ?? 15_000, retryForMs: 5 * 60_000, log: (l: string) => progress.detail(l) };
  const target = { vaultName, secretName: lookupOutput(outputs, 'HELPDESK_SECRET_NAME'), app: { subscriptionId: account.id, resourceGroup, name: appName } };
  const secret = await ensureHelpdeskSecret(az, target, timing);
  progress.detail(secret === 'created' ? `created ${target.secretName} (32 random bytes; shown nowhere)` : `${target.secretName} is there already: kept as it is`);
  await refreshSecretReference(az, target, 'HELPDESK_SECRET', timing);
  progress.detail('the function app reads it through its Key Vault reference (HELPDESK_SECRET)');

  progress.step(`Deploying the package to ${appName}`);
  // On a first deploy the identity's new Storage Blob Data Owner role may not have reached the
  // storage account yet: the upload fails with BlobUploadFailedException (403) until it has.
  await retryWhile(
    storageRoleNotReady,
    'the app identity cannot write the package container yet (role assignments take a few minutes)',
    () => az.run(['functionapp', 'deployment', 'source', 'config-zip', '--resource-group', resourceGroup, '--name', appName, '--src', built.zipPath]),
    { retryForMs: 5 * 60_000, intervalMs: options.retryIntervalMs ?? 15_000, log: (l) => progress.detail(l) },
  );

  progress.step('Seeding the directory');
  if (options.skipSeed) progress.detail('skipped (--skip-seed)');
  else {
    const seeded = await seedFirstAdmin(
      { cosmosEndpoint: lookupOutput(outputs, 'COSMOS_ENDPOINT'), database: lookupOutput(outputs, 'COSMOS_DATABASE') },
      admin,
      { demo: options.demo, log: (l) => progress.detail(l), ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}) },
    );
    progress.detail(seedSummary(seeded, admin));
  }

  console.log(`
${bold('The help desk is deployed.')}
  Customer portal: ${new URL(apiBaseUrl).origin}/
  Agent console:  ${consoleUrl} (Sign in with Microsoft)
  API base URL:   ${apiBaseUrl}
  Health check:   curl ${apiBaseUrl}/health
  OpenAPI:        ${apiBaseUrl}/openapi.json
  Resource group: ${resourceGroup}
  Logs:           Application Insights ${lookupOutput(outputs, 'APPLICATIONINSIGHTS_NAME')} (Azure portal > ${resourceGroup} > Logs, or Live metrics)

Next steps:
  - Sign in as ${admin.email} at the agent console, or from a terminal: helpdesk login --api-url ${apiBaseUrl}
  - Automation (a CI workflow, an integration): give its service principal the app role Helpdesk.Automation
    of ${apiAppDisplayNameFor(options.env)}, and map an agent to it (PATCH /api/admin/agents/<id> {"entraObjectId": "<its object id>"}).
  - Mail in: a mail service posts each raw message (message/rfc822) to
      ${apiBaseUrl}/inbound/email with the function key in the x-functions-key header; read the key with
      az functionapp function keys list --resource-group ${resourceGroup} --name ${appName} --function-name inbound-email
  - Preview a later change with --what-if; re-run this command to update the environment in place.
  - Delete everything with: npm run teardown -- --env ${options.env}`);
}

async function main(): Promise<void> {
  const options = parseDeployArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(HELP);
    return;
  }
  const interval = Number(process.env.DEPLOY_RETRY_INTERVAL_MS ?? '');
  await deploy(azCli(), { ...options, ...(Number.isFinite(interval) && interval >= 0 && process.env.DEPLOY_RETRY_INTERVAL_MS ? { retryIntervalMs: interval } : {}) });
}

if (require.main === module) runMain(main);
