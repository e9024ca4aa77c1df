// Seeding an Azure environment's directory with its first administrator.
//
// Mechanism: the deploy writes the directory entries itself, with the operator's own Entra
// identity (the Azure CLI's sign-in, through AzureCliCredential), using the same store adapter and
// create-if-absent seeding the local stack uses. Bicep grants the operator Cosmos DB Built-in Data
// Contributor for this (main.bicep's principalId). No key, no extra endpoint, no bootstrap setting;
// re-running never overwrites what administrators changed since, and the first administrator is
// made only while the environment has none (shared/app/bootstrap.ts).
import { AzureCliCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { randomUUID } from 'node:crypto';
import { ensureFirstAdmin, type BootstrapResult } from '../../shared/app/bootstrap';
import { seedDirectory } from '../../shared/app/seed';
import type { DirectoryEntry } from '../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { CosmosStore } from '../../shared/store/cosmos';
import { retryWhile } from './retry';

export interface FirstAdmin {
  email: string;
  name: string;
  /** The operator's Entra object id, when the admin is the signed-in operator. */
  entraObjectId: string | null;
}

export interface SeedTarget {
  cosmosEndpoint: string;
  database: string;
  credential?: TokenCredential;
}

export interface SeedResult {
  created: number;
  adminId: string;
  /** `existing` when the environment already had an administrator: a deploy never adds a second. */
  outcome: BootstrapResult['outcome'];
}

/**
 * What a new environment starts with besides its administrator: osTicket-style defaults (SLA plans,
 * roles, departments, help topics), and with `demo` the demo agents too (the names the README and
 * tests use). Without the demo agents, departments start without a manager.
 */
export function foundationEntries(options: { demo?: boolean } = {}): DirectoryEntry[] {
  return DEMO_DIRECTORY.filter((e) => options.demo || e.kind !== 'agent').map((e): DirectoryEntry =>
    e.kind === 'department' && !options.demo ? { ...e, managerId: null } : e,
  );
}

function isAccessDenied(err: unknown): boolean {
  const code = err && typeof err === 'object' && 'code' in err ? (err as { code?: unknown }).code : undefined;
  return code === 403 || code === 401;
}

/**
 * Seeds the directory of a deployed environment as the signed-in operator. Retries while a fresh
 * Cosmos DB role assignment propagates (403 for up to a few minutes after the first deploy).
 */
export async function seedFirstAdmin(
  target: SeedTarget,
  admin: FirstAdmin,
  options: { demo?: boolean; retryForMs?: number; retryIntervalMs?: number; log?: (line: string) => void } = {},
): Promise<SeedResult> {
  const store = new CosmosStore({
    endpoint: target.cosmosEndpoint,
    database: target.database,
    credential: target.credential ?? new AzureCliCredential(),
  });
  const entries = foundationEntries(options);
  const deps = { directory: store.directoryEntries, audit: store.auditEntries, clock: { now: () => new Date() }, newId: randomUUID };
  try {
    return await retryWhile(
      isAccessDenied,
      'Cosmos DB access not granted yet (role assignments take a few minutes)',
      async () => {
        const created = await seedDirectory(store.directoryEntries, entries);
        const first = await ensureFirstAdmin(deps, { email: admin.email, name: admin.name, entraObjectId: admin.entraObjectId ?? undefined });
        return { created, adminId: first.agentId, outcome: first.outcome };
      },
      { retryForMs: options.retryForMs ?? 5 * 60_000, intervalMs: options.retryIntervalMs ?? 15_000, ...(options.log ? { log: options.log } : {}) },
    );
  } finally {
    store.dispose();
  }
}
