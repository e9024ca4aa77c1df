// Seeding an Azure environment's directory with its first administrator.
//
// Mechanism: the deploy writes the directory entries itself, with the operator's own Entra
// identity (the Azure CLI's sign-in, through AzureCliCredential), using the same store adapter and
// create-if-absent seeding the local stack uses. Bicep grants the operator Cosmos DB Built-in Data
// Contributor for this (main.bicep's principalId). No key, no extra endpoint, no bootstrap setting;
// re-running never overwrites what administrators changed since.
import { AzureCliCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import { seedDirectory } from '../../shared/app/seed';
import type { Agent, DirectoryEntry } from '../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { CosmosStore } from '../../shared/store/cosmos';

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
}

const demoAdmin = (): Agent => {
  const admin = DEMO_DIRECTORY.find((e): e is Agent => e.kind === 'agent' && e.isAdmin);
  if (!admin) throw new Error('the demo directory has no administrator to model the first admin on');
  return admin;
};

/** A stable directory id for the first admin: the same on every re-run of the deploy. */
export function firstAdminId(admin: FirstAdmin): string {
  if (admin.entraObjectId) return `entra-${admin.entraObjectId.toLowerCase()}`;
  const slug = admin.email.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `email-${slug}`;
}

/**
 * What a new environment starts with: osTicket-style defaults (SLA plans, roles, departments,
 * help topics) and the first administrator, with all access, managing every department. With
 * `demo`, the demo agents too (the names the README and tests use).
 */
export function firstDirectory(admin: FirstAdmin, options: { demo?: boolean } = {}): DirectoryEntry[] {
  const template = demoAdmin();
  const adminId = firstAdminId(admin);
  const agent: Agent = { ...template, id: adminId, name: admin.name, email: admin.email, entraObjectId: admin.entraObjectId };
  const defaults = DEMO_DIRECTORY.filter((e) => e.kind !== 'agent').map((e): DirectoryEntry => {
    if (e.kind === 'department' && !options.demo) return { ...e, managerId: adminId };
    return e;
  });
  const demoAgents = options.demo ? DEMO_DIRECTORY.filter((e) => e.kind === 'agent') : [];
  return [...defaults, agent, ...demoAgents];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  options: { demo?: boolean; retryForMs?: number; log?: (line: string) => void } = {},
): Promise<SeedResult> {
  const store = new CosmosStore({
    endpoint: target.cosmosEndpoint,
    database: target.database,
    credential: target.credential ?? new AzureCliCredential(),
  });
  const entries = firstDirectory(admin, options);
  const deadline = Date.now() + (options.retryForMs ?? 5 * 60_000);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const created = await seedDirectory(store.directoryEntries, entries);
        return { created, adminId: firstAdminId(admin) };
      } catch (err) {
        if (!isAccessDenied(err) || Date.now() > deadline) throw err;
        options.log?.(`Cosmos DB access not granted yet (role assignments take a few minutes); retrying (${attempt})`);
        await sleep(15_000);
      }
    }
  } finally {
    store.dispose();
  }
}
