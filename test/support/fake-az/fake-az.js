#!/usr/bin/env node
// A recording stand-in for the Azure CLI (`az`), for the deploy and teardown tests.
// Each call is appended as one JSON line {"args": [...]} to the file named by FAKE_AZ_LOG, then
// answered with canned JSON like the real CLI's `--output json`.
//   FAKE_AZ_LOG           file to append calls to (required)
//   FAKE_AZ_LOGGED_OUT=1  act as a CLI that is not signed in: every call fails as the real one does
//   FAKE_AZ_OUTPUTS       JSON object merged over the deployment outputs (e.g. a local COSMOS_ENDPOINT)
//   FAKE_AZ_GROUP_EXISTS  "false" when the resource group does not exist (default "true")
//   FAKE_AZ_APPS          JSON array of app registrations that exist at first (default [])
//   FAKE_AZ_UNREGISTERED  comma-separated resource providers that are not registered (default none)
//   FAKE_AZ_FLEX_LOCATIONS comma-separated regions offering Flex Consumption (default swedencentral,eastus2,westeurope)
//   FAKE_AZ_ROLES         comma-separated roles the operator holds on the subscription (default Owner)
//   FAKE_AZ_CREATE_APPS   "false" when the tenant does not let members register applications
//   FAKE_AZ_ACCESS_TOKEN  what `account get-access-token` hands out (default "fake-token")
//   FAKE_AZ_AS_SP         sign in as this service principal (its appId) instead of a user
//   FAKE_AZ_NO_DEPLOYMENT "1": `deployment sub show` finds no earlier deployment
//   FAKE_AZ_MAIL_DOMAIN_STATUS the verification status `resource show` reports for each check (default NotStarted)
//   FAKE_AZ_STATE         JSON file holding the tenant's app registrations and service principals
//                         across calls (default: beside FAKE_AZ_LOG), so a re-run sees what a first run made
//   FAKE_AZ_FAIL          JSON {"<command>": {"times": n, "stderr": "..."}}: that command fails its
//                         first n calls (all calls without "times") with that message and exit code 1
//   FAKE_AZ_VAULTS        JSON array of Key Vaults that exist at first, [{"name", "resourceGroup", "location"}]
//                         (default none); `deployment sub create` makes the environment's vault, `group
//                         delete` soft-deletes the group's vaults, `keyvault purge` removes them for good
//   FAKE_AZ_KV_REFERENCE_PENDING  how many times the app's Key Vault reference answers
//                         AccessToKeyVaultDenied before it resolves (its role still propagating; default 0)
// Every command checks its flags against the ones the real CLI documents for it
// (learn.microsoft.com/cli/azure/<group>): an unknown flag fails as the real CLI does (exit 2).
'use strict';
const { appendFileSync, existsSync, readFileSync, writeFileSync } = require('node:fs');

const args = process.argv.slice(2);
const log = process.env.FAKE_AZ_LOG;
if (!log) {
  process.stderr.write('fake az: FAKE_AZ_LOG is not set\n');
  process.exit(90);
}
appendFileSync(log, `${JSON.stringify({ args })}\n`);

const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OPERATOR_ID = '11111111-2222-3333-4444-555555555555';
const APP_ID = '99999999-8888-7777-6666-555555555555';
const WORKFLOW_SP_ID = '77777777-6666-5555-4444-333333333333';

function out(value) {
  const i = args.indexOf('--output');
  const format = i >= 0 ? args[i + 1] : 'json';
  if (format === 'none' || value === undefined) return process.exit(0);
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  process.exit(0);
}

function fail(message, code = 1) {
  process.stderr.write(`${message.startsWith('ERROR:') ? message : `ERROR: ${message}`}\n`);
  process.exit(code);
}

function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.env.FAKE_AZ_LOGGED_OUT === '1') fail("Please run 'az login' to setup account.");

// The command is the leading words before the first flag.
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const command = (firstFlag < 0 ? args : args.slice(0, firstFlag)).join(' ');

function outputs() {
  const env = (args.find((a) => a.startsWith('environmentName=')) ?? 'environmentName=test').split('=')[1];
  const values = {
    AZURE_LOCATION: 'swedencentral',
    AZURE_TENANT_ID: TENANT,
    AZURE_RESOURCE_GROUP: `rg-${env}`,
    AZURE_FUNCTION_APP_NAME: 'func-helpdesk-abc123',
    API_BASE_URL: 'https://func-helpdesk-abc123.azurewebsites.net/api',
    COSMOS_ENDPOINT: 'https://cosmos-abc123.documents.azure.com:443/',
    COSMOS_DATABASE: 'helpdesk',
    SERVICEBUS_NAMESPACE: 'sb-abc123.servicebus.windows.net',
    ACS_EMAIL_ENDPOINT: 'https://acs-abc123.unitedstates.communication.azure.com',
    MAIL_FROM: 'DoNotReply@example.azurecomm.net',
    APPLICATIONINSIGHTS_NAME: 'appi-abc123',
    LOG_ANALYTICS_WORKSPACE_NAME: 'log-abc123',
    KEY_VAULT_NAME: `kv-${env}-abc123`,
    HELPDESK_SECRET_NAME: 'helpdesk-secret',
    ...JSON.parse(process.env.FAKE_AZ_OUTPUTS || '{}'),
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { type: 'String', value: v }]));
}

// The tenant: app registrations (Graph application objects) and service principals.
const stateFile = process.env.FAKE_AZ_STATE || `${log}.state.json`;
const tenant = existsSync(stateFile)
  ? JSON.parse(readFileSync(stateFile, 'utf8'))
  : {
      apps: JSON.parse(process.env.FAKE_AZ_APPS || '[]').map((a) => ({ identifierUris: [], appRoles: [], api: {}, spa: { redirectUris: [] }, ...a })),
      sps: [],
      vaults: JSON.parse(process.env.FAKE_AZ_VAULTS || '[]').map((v) => ({ deleted: false, secrets: {}, ...v })),
    };
tenant.vaults ??= [];
const save = () => writeFileSync(stateFile, JSON.stringify(tenant, null, 2));
const appById = (appId) => tenant.apps.find((a) => a.appId === appId);
const liveVault = (name) => tenant.vaults.find((v) => v.name === name && !v.deleted);
const vaultId = (v) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${v.resourceGroup}/providers/Microsoft.KeyVault/vaults/${v.name}`;
/** A data-plane call on a vault that is not there fails as the real CLI does (the vault's host name does not resolve). */
const vaultFor = (name) => liveVault(name) ?? fail(`Max retries exceeded with url: /secrets?api-version=7.4 (Caused by NameResolutionError("Failed to resolve '${name}.vault.azure.net'"))`);
/** What resolving the app's HELPDESK_SECRET reference gives now, in the group's vault. */
function referenceStatus(resourceGroup) {
  const vault = tenant.vaults.find((v) => v.resourceGroup === resourceGroup && !v.deleted);
  return !vault ? 'VaultNotFound' : vault.secrets['helpdesk-secret'] === undefined ? 'SecretNotFound' : 'Resolved';
}
/** Each call of a counted kind, across processes: how many came before this one. */
function seenBefore(kind) {
  const file = `${log}.${kind}.count`;
  const seen = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
  writeFileSync(file, String(seen + 1));
  return seen;
}

const GLOBAL_FLAGS = ['--output', '--only-show-errors', '--subscription', '--query', '--debug', '--verbose'];

/** Each command the scripts may run: its documented flags (besides the global ones) and its answer. */
const COMMANDS = {
  'account show': {
    flags: [],
    answer: () => ({
      id: SUBSCRIPTION, name: 'Fake subscription', tenantId: TENANT, state: 'Enabled',
      user: process.env.FAKE_AZ_AS_SP ? { name: process.env.FAKE_AZ_AS_SP, type: 'servicePrincipal' } : { name: 'olivia@contoso.example', type: 'user' },
    }),
  },
  'ad sp show': {
    flags: ['--id'],
    answer: () => (option('--id') === process.env.FAKE_AZ_AS_SP ? { id: WORKFLOW_SP_ID, appId: option('--id'), displayName: 'helpdesk-smoke-workflow' } : fail(`Resource '${option('--id')}' does not exist`, 3)),
  },
  'account get-access-token': {
    flags: ['--resource', '--resource-type', '--scope', '--tenant'],
    answer: () => {
      const expires = Math.floor(Date.now() / 1000) + 3600;
      return { accessToken: process.env.FAKE_AZ_ACCESS_TOKEN || 'fake-token', expiresOn: new Date(expires * 1000).toISOString(), expires_on: expires, subscription: SUBSCRIPTION, tenant: TENANT, tokenType: 'Bearer' };
    },
  },
  'ad signed-in-user show': { flags: [], answer: () => process.env.FAKE_AZ_AS_SP ? fail('/me request is only valid with delegated authentication flow.') : ({ id: OPERATOR_ID, displayName: 'Olivia Operator', mail: 'olivia@contoso.example', userPrincipalName: 'olivia@contoso.example' }) },
  'ad app list': {
    flags: ['--display-name', '--app-id', '--filter', '--identifier-uri', '--all', '--show-mine'],
    answer: () => tenant.apps.filter((a) => !option('--display-name') || a.displayName === undefined || a.displayName === option('--display-name')),
  },
  'ad app show': {
    flags: ['--id'],
    answer: () => appById(option('--id')) ?? fail(`Resource '${option('--id')}' does not exist or one of its queried reference-property objects are not present.`, 3),
  },
  'ad app create': {
    flags: ['--display-name', '--sign-in-audience', '--identifier-uris', '--web-redirect-uris', '--public-client-redirect-uris', '--enable-access-token-issuance', '--enable-id-token-issuance', '--required-resource-accesses', '--app-roles', '--optional-claims', '--is-fallback-public-client'],
    answer: () => {
      const app = { appId: APP_ID, id: '12121212-3434-5656-7878-909090909090', displayName: option('--display-name'), identifierUris: [], appRoles: [], api: { requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] }, spa: { redirectUris: [] } };
      tenant.apps.push(app);
      save();
      return app;
    },
  },
  'ad sp list': { flags: ['--filter', '--display-name', '--spn', '--all', '--show-mine'], answer: () => tenant.sps.filter((sp) => (option('--filter') ?? '').includes(sp.appId)) },
  'ad sp create': {
    flags: ['--id'],
    answer: () => {
      const sp = { id: '34343434-5656-7878-9090-121212121212', appId: option('--id') };
      tenant.sps.push(sp);
      save();
      return sp;
    },
  },
  // Graph calls: only PATCH of an application object, merged as Graph does (top-level properties replaced).
  rest: {
    flags: ['--method', '--uri', '--url', '--headers', '--body', '--resource', '--uri-parameters', '--url-parameters', '--skip-authorization-header'],
    answer: () => {
      if (option('--method') === 'GET' && option('--uri') === 'https://graph.microsoft.com/v1.0/policies/authorizationPolicy') {
        return { defaultUserRolePermissions: { allowedToCreateApps: process.env.FAKE_AZ_CREATE_APPS !== 'false' } };
      }
      if (option('--method') === 'GET' && option('--uri') === 'https://graph.microsoft.com/v1.0/me/memberOf') return { value: [] };
      const assigned = /^https:\/\/graph\.microsoft\.com\/v1\.0\/servicePrincipals\/([\w-]+)\/appRoleAssignedTo$/.exec(option('--uri') ?? '');
      if (assigned && option('--method') === 'GET') return { value: (tenant.assignments ?? []).filter((a) => a.resourceId === assigned[1]) };
      if (assigned && option('--method') === 'POST') {
        (tenant.assignments ??= []).push(JSON.parse(option('--body')));
        save();
        return undefined;
      }
      if (option('--method') === 'POST' && /^https:\/\/management\.azure\.com\/subscriptions\/.*\/domains\/[^/]+\/initiateVerification\?api-version=/.test(option('--uri') ?? '')) return undefined;
      // The function app's Key Vault references: refresh, and the status of one (App Service REST API).
      const site = /^https:\/\/management\.azure\.com\/subscriptions\/[\w-]+\/resourceGroups\/([\w.-]+)\/providers\/Microsoft\.Web\/sites\/[\w-]+\/config\/configreferences\/appsettings\/([\w-]+)\?api-version=\d{4}-\d\d-\d\d$/.exec(option('--uri') ?? '');
      // App Service caches what it resolved (a failure too) until the settings change or a refresh.
      if (site && site[2] === 'refresh' && option('--method') === 'POST') {
        const pending = seenBefore('kv-refresh') < Number(process.env.FAKE_AZ_KV_REFERENCE_PENDING || '0');
        (tenant.references ??= {})[site[1]] = pending ? 'AccessToKeyVaultDenied' : referenceStatus(site[1]);
        save();
        return undefined;
      }
      if (site && site[2] !== 'refresh' && option('--method') === 'GET') {
        const vault = tenant.vaults.find((v) => v.resourceGroup === site[1] && !v.deleted);
        const status = tenant.references?.[site[1]] ?? 'Initialized';
        return { name: site[2], properties: { reference: `@Microsoft.KeyVault(SecretUri=https://${vault?.name}.vault.azure.net/secrets/helpdesk-secret)`, status, vaultName: vault?.name, secretName: 'helpdesk-secret', identityType: 'UserAssigned', source: 'KeyVault' } };
      }
      const m = /^https:\/\/graph\.microsoft\.com\/v1\.0\/applications\/([\w-]+)$/.exec(option('--uri') ?? '');
      if (option('--method') !== 'PATCH' || !m) fail(`fake az rest: only PATCH https://graph.microsoft.com/v1.0/applications/<id> is modelled (got ${option('--method')} ${option('--uri')})`, 2);
      const app = tenant.apps.find((a) => a.id === m[1]);
      if (!app) fail('Not Found({"error":{"code":"Request_ResourceNotFound"}})');
      Object.assign(app, JSON.parse(option('--body')));
      save();
      return undefined;
    },
  },
  'ad app update': {
    flags: ['--id', '--identifier-uris', '--sign-in-audience', '--web-redirect-uris', '--public-client-redirect-uris', '--set', '--add', '--remove', '--enable-access-token-issuance', '--enable-id-token-issuance'],
    answer: () => undefined,
  },
  'ad app delete': {
    flags: ['--id'],
    answer: () => {
      tenant.apps = tenant.apps.filter((a) => a.appId !== option('--id'));
      save();
      return undefined;
    },
  },
  'deployment sub create': {
    flags: ['--name', '--location', '--template-file', '--template-uri', '--parameters', '--what-if', '--confirm-with-what-if', '--no-prompt', '--no-wait'],
    answer: () => {
      const out = outputs();
      const name = out.KEY_VAULT_NAME.value;
      // A vault name stays taken while the vault is soft-deleted: ARM refuses to create it again.
      if (tenant.vaults.some((v) => v.name === name && v.deleted)) fail(`{"code": "ConflictError", "message": "A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault."}`);
      if (!liveVault(name)) tenant.vaults.push({ name, resourceGroup: out.AZURE_RESOURCE_GROUP.value, location: option('--location'), deleted: false, secrets: {} });
      // The app settings are applied: App Service resolves their Key Vault references afresh.
      (tenant.references ??= {})[out.AZURE_RESOURCE_GROUP.value] = referenceStatus(out.AZURE_RESOURCE_GROUP.value);
      save();
      return { name: option('--name'), properties: { provisioningState: process.env.FAKE_AZ_PROVISIONING_STATE || 'Succeeded', outputs: out } };
    },
  },
  'keyvault secret list': {
    flags: ['--vault-name', '--id', '--maxresults', '--include-managed'],
    // Names and attributes, never values, as the real list answers.
    answer: () => Object.keys(vaultFor(option('--vault-name')).secrets).map((name) => ({ id: `https://${option('--vault-name')}.vault.azure.net/secrets/${name}`, name, attributes: { enabled: true } })),
  },
  'keyvault secret show': {
    flags: ['--vault-name', '--name', '--id', '--version'],
    answer: () => {
      const value = vaultFor(option('--vault-name')).secrets[option('--name')];
      return value === undefined ? fail(`(SecretNotFound) A secret with (name/id) ${option('--name')} was not found in this key vault.`, 3) : { id: `https://${option('--vault-name')}.vault.azure.net/secrets/${option('--name')}/1`, name: option('--name'), value };
    },
  },
  'keyvault secret set': {
    flags: ['--vault-name', '--name', '--value', '--file', '--encoding', '--description', '--content-type', '--expires', '--not-before', '--tags', '--disabled'],
    answer: () => {
      const vault = vaultFor(option('--vault-name'));
      if ((option('--value') === undefined) === (option('--file') === undefined)) fail('usage error: --value | --file', 2);
      const value = option('--file') !== undefined ? readFileSync(option('--file'), option('--encoding') || 'utf-8') : option('--value');
      vault.secrets[option('--name')] = value;
      (tenant.secretSets ??= []).push(option('--name'));
      save();
      // The real CLI answers with the value too: callers pass --output none.
      return { id: `https://${option('--vault-name')}.vault.azure.net/secrets/${option('--name')}/${tenant.secretSets.length}`, name: option('--name'), value };
    },
  },
  'keyvault list-deleted': {
    flags: ['--resource-type'],
    answer: () => tenant.vaults.filter((v) => v.deleted).map((v) => ({ name: v.name, id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.KeyVault/locations/${v.location}/deletedVaults/${v.name}`, properties: { vaultId: vaultId(v), location: v.location, purgeProtectionEnabled: null } })),
  },
  'keyvault purge': {
    flags: ['--name', '--hsm-name', '--location'],
    answer: () => {
      const vault = tenant.vaults.find((v) => v.name === option('--name') && v.deleted && (!option('--location') || v.location === option('--location')));
      if (!vault) fail(`(DeletedVaultNotFound) The vault ${option('--name')} was not found in deleted state.`, 3);
      tenant.vaults = tenant.vaults.filter((v) => v !== vault);
      save();
      return undefined;
    },
  },
  'deployment sub show': {
    flags: ['--name'],
    answer: () => (process.env.FAKE_AZ_NO_DEPLOYMENT === '1' ? fail(`(DeploymentNotFound) Deployment '${option('--name')}' could not be found.`, 3) : { name: option('--name'), properties: { provisioningState: 'Succeeded', outputs: outputs() } }),
  },
  'resource show': {
    flags: ['--ids', '--name', '--resource-group', '--resource-type', '--namespace', '--api-version', '--parent', '--include-response-body'],
    answer: () => {
      const status = process.env.FAKE_AZ_MAIL_DOMAIN_STATUS || 'NotStarted';
      return { id: option('--ids'), properties: { domainManagement: 'CustomerManaged', verificationStates: Object.fromEntries(['Domain', 'SPF', 'DKIM', 'DKIM2', 'DMARC'].map((c) => [c, { status }])) } };
    },
  },
  'deployment sub delete': { flags: ['--name', '--no-wait'], answer: () => undefined },
  'functionapp deployment source config-zip': {
    flags: ['--resource-group', '--name', '--src', '--build-remote', '--timeout', '--slot'],
    answer: () => ({ status: 4, complete: true, message: 'Deployment successful.' }),
  },
  'provider list': {
    flags: ['--expand'],
    answer: () => {
      const off = (process.env.FAKE_AZ_UNREGISTERED || '').split(',').filter(Boolean);
      const all = ['Microsoft.Web', 'Microsoft.App', 'Microsoft.DocumentDB', 'Microsoft.ServiceBus', 'Microsoft.Storage', 'Microsoft.Communication', 'Microsoft.Insights', 'Microsoft.OperationalInsights', 'Microsoft.ManagedIdentity', 'Microsoft.KeyVault'];
      return all.map((namespace) => ({ namespace, registrationState: off.includes(namespace) ? 'NotRegistered' : 'Registered' }));
    },
  },
  'functionapp list-flexconsumption-locations': {
    flags: ['--zone-redundant', '--show-details', '--runtime'],
    answer: () => (process.env.FAKE_AZ_FLEX_LOCATIONS || 'swedencentral,eastus2,westeurope').split(',').map((name) => ({ name })),
  },
  'role assignment list': {
    flags: ['--assignee', '--scope', '--include-inherited', '--include-groups', '--all', '--role', '--resource-group', '--include-classic-administrators'],
    answer: () => (process.env.FAKE_AZ_ROLES ?? 'Owner').split(',').filter(Boolean).map((roleDefinitionName) => ({ roleDefinitionName, principalId: option('--assignee'), scope: option('--scope') })),
  },
  'deployment sub what-if': {
    flags: ['--name', '--location', '--template-file', '--parameters', '--result-format', '--no-pretty-print', '--exclude-change-types'],
    answer: () => {
      process.stdout.write('Resource and property changes are indicated with these symbols:\n  + Create\n\nThe deployment will update the following scope:\n\nScope: /subscriptions/' + SUBSCRIPTION + '\n\n  + resourceGroups/rg-' + (args.find((a) => a.startsWith('environmentName=')) ?? '=x').split('=')[1] + '\n\nResource changes: 1 to create.\n');
      return process.exit(0);
    },
  },
  'group exists': { flags: ['--name'], answer: () => process.env.FAKE_AZ_GROUP_EXISTS !== 'false' },
  'group delete': {
    flags: ['--name', '--yes', '--no-wait', '--force-deletion-types'],
    // Its vaults are soft-deleted, not gone: they keep their names until purged.
    answer: () => {
      for (const v of tenant.vaults) if (v.resourceGroup === option('--name')) v.deleted = true;
      save();
      return undefined;
    },
  },
  'monitor log-analytics workspace list': { flags: ['--resource-group'], answer: () => [{ name: 'log-abc123', resourceGroup: option('--resource-group') }] },
  'monitor log-analytics workspace delete': { flags: ['--resource-group', '--workspace-name', '--force', '--yes', '--no-wait'], answer: () => undefined },
};

const spec = COMMANDS[command];
if (!spec) fail(`'${command}' is misspelled or not recognized by the system.`, 2);
const unknownFlag = args.slice(firstFlag < 0 ? args.length : firstFlag).find((a) => a.startsWith('--') && !GLOBAL_FLAGS.includes(a) && !spec.flags.includes(a));
if (unknownFlag) fail(`unrecognized arguments: ${unknownFlag}`, 2);

const failures = JSON.parse(process.env.FAKE_AZ_FAIL || '{}')[command];
if (failures) {
  const countFile = `${log}.${command.replace(/\W+/g, '-')}.count`;
  const seen = existsSync(countFile) ? Number(readFileSync(countFile, 'utf8')) : 0;
  writeFileSync(countFile, String(seen + 1));
  if (failures.times === undefined || seen < failures.times) fail(failures.stderr || 'fake failure');
}
out(spec.answer());
