// One command down: npm run teardown -- --env <name> [--yes]
// Deletes everything `npm run deploy` made for the environment so that nothing keeps costing money.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { azCli, requireLogin, type Az } from './lib/az';
import { apiAppDisplayNameFor, bold, checkEnvName, CliError, deploymentNameFor, EXIT, Progress, resourceGroupFor, runMain } from './lib/cli';

const HELP = `Usage: npm run teardown -- --env <name> [--yes]

Deletes the environment <name> from the subscription the Azure CLI is signed in to:
  - the resource group rg-<name> and everything in it (function app, Cosmos DB, Service Bus,
    storage, Communication Services, Application Insights, identity);
  - first, the Log Analytics workspace for good (--force): a deleted workspace otherwise stays
    recoverable for 14 days and keeps its name;
  - then, the Key Vault that kept the help-desk secret, purged: deleting the group only
    soft-deletes it, and a soft-deleted vault keeps its name, so the same environment could not
    be deployed again. Cosmos DB, Service Bus, storage accounts, Communication Services and
    function apps go at once;
  - the API's app registration helpdesk-api-<name> (Entra keeps it in "deleted applications" for
    30 days, at no cost);
  - the subscription-level deployment record helpdesk-<name>.

Asks you to type the environment name first, unless --yes. Without a terminal and without --yes
it refuses and deletes nothing.

Options:
  --env <name>   the environment to delete (required)
  -y, --yes      do not ask for confirmation
  -h, --help     show this help

Exit codes: 0 done (or nothing to delete), 1 failed, 2 bad usage, 3 Azure CLI not logged in,
4 not confirmed.`;

interface TeardownOptions {
  env: string;
  yes: boolean;
}

export function parseTeardownArgs(argv: string[]): TeardownOptions | 'help' {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        env: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message} (see --help)`, EXIT.usage);
  }
  if (values.help) return 'help';
  return { env: checkEnvName(values.env), yes: values.yes };
}

/** Asks on the terminal; refuses outright when there is none to ask on. */
export async function confirm(env: string, what: string[]): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new CliError(`refusing to delete environment ${env} without confirmation: no terminal to ask on; pass --yes to delete without asking`, EXIT.notConfirmed);
  }
  console.log(`\nThis deletes, with no way back:\n${what.map((w) => `  - ${w}`).join('\n')}\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(`Type the environment name (${env}) to confirm: `)).trim();
    if (answer !== env) throw new CliError('not confirmed; nothing was deleted', EXIT.notConfirmed);
  } finally {
    rl.close();
  }
}

interface AppRegistration {
  appId: string;
  id: string;
}

/** `az keyvault list-deleted` (DeletedVault: the original vault's id and location in `properties`). */
interface DeletedVault {
  name: string;
  properties?: { vaultId?: string; location?: string };
}

/** The soft-deleted vaults that were in this resource group (their id names it). */
function deletedVaultsOf(az: Az, resourceGroup: string): DeletedVault[] {
  const all = az.json<DeletedVault[]>(['keyvault', 'list-deleted', '--resource-type', 'vault']) ?? [];
  return all.filter((v) => (v.properties?.vaultId ?? '').toLowerCase().includes(`/resourcegroups/${resourceGroup.toLowerCase()}/`));
}

export async function teardown(az: Az, options: TeardownOptions): Promise<void> {
  const resourceGroup = resourceGroupFor(options.env);
  const progress = new Progress(6);

  progress.step('Checking the Azure CLI sign-in');
  const account = requireLogin(az);
  progress.detail(`subscription ${account.name} (${account.id})`);

  progress.step(`Looking for environment ${options.env}`);
  const groupExists = az.json<boolean>(['group', 'exists', '--name', resourceGroup]) === true;
  const apps = az.json<AppRegistration[]>(['ad', 'app', 'list', '--display-name', apiAppDisplayNameFor(options.env)]) ?? [];
  // Without the group, a vault an earlier teardown deleted but did not purge may still hold the name.
  const leftoverVaults = groupExists ? [] : deletedVaultsOf(az, resourceGroup);
  const what = [
    ...(groupExists ? [`resource group ${resourceGroup} and every resource in it (its Key Vault purged for good)`] : []),
    ...leftoverVaults.map((v) => `deleted Key Vault ${v.name}, purged for good`),
    ...apps.map((a) => `app registration ${apiAppDisplayNameFor(options.env)} (${a.appId})`),
  ];
  if (what.length === 0) {
    progress.detail(`nothing to delete: no resource group ${resourceGroup}, no app registration ${apiAppDisplayNameFor(options.env)}`);
    return;
  }
  for (const w of what) progress.detail(w);

  if (!options.yes) await confirm(options.env, what);

  progress.step('Purging what would outlive the resource group');
  if (groupExists) {
    const workspaces = az.json<{ name: string }[]>(['monitor', 'log-analytics', 'workspace', 'list', '--resource-group', resourceGroup]) ?? [];
    for (const ws of workspaces) {
      az.run(['monitor', 'log-analytics', 'workspace', 'delete', '--resource-group', resourceGroup, '--workspace-name', ws.name, '--force', 'true', '--yes']);
      progress.detail(`Log Analytics workspace ${ws.name} deleted for good`);
    }
  }

  progress.step(`Deleting ${resourceGroup} (this takes a few minutes)`);
  if (groupExists) az.run(['group', 'delete', '--name', resourceGroup, '--yes']);
  else progress.detail('no resource group');

  // The group's vault is soft-deleted now, and keeps its name until purged (az keyvault purge).
  progress.step('Purging the Key Vault, so its name is free for the next deploy');
  const vaults = groupExists ? deletedVaultsOf(az, resourceGroup) : leftoverVaults;
  for (const v of vaults) {
    az.run(['keyvault', 'purge', '--name', v.name, ...(v.properties?.location ? ['--location', v.properties.location] : [])]);
    progress.detail(`Key Vault ${v.name} purged`);
  }
  if (vaults.length === 0) progress.detail('no deleted Key Vault of this environment');

  progress.step('Deleting the app registration and the deployment record');
  for (const app of apps) az.run(['ad', 'app', 'delete', '--id', app.appId]);
  try {
    az.run(['deployment', 'sub', 'delete', '--name', deploymentNameFor(options.env)]);
  } catch {
    progress.detail('no deployment record');
  }

  console.log(`\n${bold(`Environment ${options.env} is deleted.`)} Nothing of it keeps costing money.`);
}

async function main(): Promise<void> {
  const options = parseTeardownArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(HELP);
    return;
  }
  await teardown(azCli(), options);
}

if (require.main === module) runMain(main);
