#!/usr/bin/env node
// A recording stand-in for the Azure CLI (`az`), for the deploy and teardown tests.
// Each call is appended as one JSON line {"args": [...]} to the file named by FAKE_AZ_LOG, then
// answered with canned JSON like the real CLI's `--output json`.
//   FAKE_AZ_LOG           file to append calls to (required)
//   FAKE_AZ_LOGGED_OUT=1  act as a CLI that is not signed in: every call fails as the real one does
//   FAKE_AZ_OUTPUTS       JSON object merged over the deployment outputs (e.g. a local COSMOS_ENDPOINT)
//   FAKE_AZ_GROUP_EXISTS  "false" when the resource group does not exist (default "true")
//   FAKE_AZ_APPS          JSON array answered by `az ad app list` (default [])
'use strict';
const { appendFileSync } = require('node:fs');

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

function out(value) {
  const i = args.indexOf('--output');
  const format = i >= 0 ? args[i + 1] : 'json';
  if (format === 'none' || value === undefined) return process.exit(0);
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  process.exit(0);
}

function fail(message, code = 1) {
  process.stderr.write(`ERROR: ${message}\n`);
  process.exit(code);
}

function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.env.FAKE_AZ_LOGGED_OUT === '1') fail("Please run 'az login' to setup account.");

const command = args.filter((a) => !a.startsWith('-')).slice(0, 4).join(' ');
const starts = (prefix) => command === prefix || command.startsWith(`${prefix} `);

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
    ...JSON.parse(process.env.FAKE_AZ_OUTPUTS || '{}'),
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { type: 'String', value: v }]));
}

if (starts('account show')) {
  out({ id: SUBSCRIPTION, name: 'Fake subscription', tenantId: TENANT, state: 'Enabled', user: { name: 'olivia@contoso.example', type: 'user' } });
} else if (starts('account get-access-token')) {
  const expires = Math.floor(Date.now() / 1000) + 3600;
  out({ accessToken: 'fake-token', expiresOn: new Date(expires * 1000).toISOString(), expires_on: expires, subscription: SUBSCRIPTION, tenant: TENANT, tokenType: 'Bearer' });
} else if (starts('ad signed-in-user show')) {
  out({ id: OPERATOR_ID, displayName: 'Olivia Operator', mail: 'olivia@contoso.example', userPrincipalName: 'olivia@contoso.example' });
} else if (starts('ad app list')) {
  out(JSON.parse(process.env.FAKE_AZ_APPS || '[]'));
} else if (starts('ad app create')) {
  out({ appId: APP_ID, id: '12121212-3434-5656-7878-909090909090', displayName: option('--display-name') });
} else if (starts('ad app update') || starts('ad app delete')) {
  out(undefined);
} else if (starts('deployment sub create') || starts('deployment sub show')) {
  out({ name: option('--name'), properties: { provisioningState: 'Succeeded', outputs: outputs() } });
} else if (starts('deployment sub delete')) {
  out(undefined);
} else if (starts('functionapp deployment source config-zip')) {
  out({ status: 4, complete: true, message: 'Deployment successful.' });
} else if (starts('group exists')) {
  out(process.env.FAKE_AZ_GROUP_EXISTS !== 'false');
} else if (starts('group delete')) {
  out(undefined);
} else if (starts('monitor log-analytics workspace list')) {
  out([{ name: 'log-abc123', resourceGroup: option('--resource-group') }]);
} else if (starts('monitor log-analytics workspace delete')) {
  out(undefined);
} else {
  fail(`fake az: unknown command "${args.join(' ')}"`, 2);
}
