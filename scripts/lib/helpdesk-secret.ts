// The one help-desk secret in Key Vault (issue 18): written once, by the deploy, and never shown.
// A re-run finds it and leaves it alone (rotating it would break every link already e-mailed).
// The value goes to `az` in a file only the operator can read, never on its command line, where
// other users' `ps` would see it; the file is gone before the command returns.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzError, type Az } from './az';
import { CliError } from './cli';
import { retryWhile } from './retry';

export interface HelpdeskSecretTarget {
  vaultName: string;
  secretName: string;
  /** The function app whose HELPDESK_SECRET setting references the secret. */
  app: { subscriptionId: string; resourceGroup: string; name: string };
}

export interface RetryTiming {
  retryIntervalMs: number;
  retryForMs: number;
  log: (line: string) => void;
}

/** The operator's new Key Vault Secrets Officer role has not reached the vault yet (ForbiddenByRbac, 403). */
export function vaultRoleNotReady(err: unknown): boolean {
  return err instanceof AzError && /Forbidden|not authorized|\b403\b/i.test(err.stderr);
}

/** Writes a new secret unless one is there: 'created' or 'kept'. */
export async function ensureHelpdeskSecret(az: Az, target: HelpdeskSecretTarget, timing: RetryTiming): Promise<'created' | 'kept'> {
  const retry = { retryForMs: timing.retryForMs, intervalMs: timing.retryIntervalMs, log: timing.log };
  const waiting = 'your new Key Vault role has not reached the vault yet (role assignments take a few minutes)';
  // `list` answers names and attributes, never values: the secret is not read back here.
  const names = await retryWhile(vaultRoleNotReady, waiting, () => (az.json<{ name: string }[]>(['keyvault', 'secret', 'list', '--vault-name', target.vaultName]) ?? []).map((s) => s.name), retry);
  if (names.includes(target.secretName)) return 'kept';
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-secret-'));
  try {
    const file = join(dir, 'value');
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    await retryWhile(vaultRoleNotReady, waiting, () => az.run(['keyvault', 'secret', 'set', '--vault-name', target.vaultName, '--name', target.secretName, '--file', file, '--encoding', 'utf-8']), retry);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 'created';
}

// The app's Key Vault references: App Service caches what it resolved (a failure too) and
// re-reads on a configuration change or on a POST to .../config/configreferences/appsettings/
// refresh; GET .../configreferences/appsettings/<name> tells whether it resolved ("Use Key Vault
// references as app settings", Understand rotation; REST WebApps_GetAppSettingKeyVaultReference).
const WEB_API = 'api-version=2024-11-01';

class NotResolved extends Error {}

/**
 * Makes sure App Service has resolved HELPDESK_SECRET's reference: a read of its status, and while
 * it is not Resolved, a refresh and another read. On a first deploy the setting existed before the
 * secret did, and the app identity's Key Vault Secrets User role may still be on its way; a re-run
 * finds it Resolved and changes nothing. Refuses clearly if it never resolves.
 */
export async function refreshSecretReference(az: Az, target: HelpdeskSecretTarget, setting: string, timing: RetryTiming): Promise<void> {
  const site = `https://management.azure.com/subscriptions/${target.app.subscriptionId}/resourceGroups/${target.app.resourceGroup}/providers/Microsoft.Web/sites/${target.app.name}`;
  const read = () => az.json<{ properties?: { status?: string } }>(['rest', '--method', 'GET', '--uri', `${site}/config/configreferences/appsettings/${setting}?${WEB_API}`])?.properties?.status ?? 'unknown';
  let status = read();
  if (status === 'Resolved') return;
  try {
    await retryWhile(
      (err) => err instanceof NotResolved,
      'the function app cannot read the help-desk secret yet (its Key Vault role takes a few minutes)',
      () => {
        az.run(['rest', '--method', 'POST', '--uri', `${site}/config/configreferences/appsettings/refresh?${WEB_API}`]);
        status = read();
        if (status !== 'Resolved') throw new NotResolved(status);
      },
      { retryForMs: timing.retryForMs, intervalMs: timing.retryIntervalMs, log: timing.log },
    );
  } catch (err) {
    if (!(err instanceof NotResolved)) throw err;
    throw new CliError(
      `the function app cannot read the help-desk secret (${setting} reference status ${status}): check that ${target.app.name}'s identity has Key Vault Secrets User on ${target.vaultName}, then run the deploy again`,
    );
  }
}
