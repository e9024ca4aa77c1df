// The composition root: the one place that picks adapters from the configuration. Functions ask
// it for their dependencies; nothing else decides between local and Azure.
import { randomUUID } from 'node:crypto';
import { DefaultAzureCredential } from '@azure/identity';
import { CachedDirectory } from './app/cached-directory';
import type { AppDeps } from './app/deps';
import { DevTokenVerifier, RejectingVerifier, type StaffTokenVerifier } from './auth/jwt';
import { loadConfig, type Config } from './config';
import { CosmosStore } from './store/cosmos';

export interface Services extends AppDeps {
  config: Config;
  store: CosmosStore;
}

function staffTokenVerifier(config: Config): StaffTokenVerifier {
  if (config.auth.mode === 'development' && config.auth.devTokenSecret) return new DevTokenVerifier(config.auth.devTokenSecret);
  return new RejectingVerifier('Entra ID sign-in is not configured for this environment yet');
}

export function createServices(config: Config = loadConfig()): Services {
  const store = new CosmosStore({
    endpoint: config.cosmos.endpoint,
    database: config.cosmos.database,
    ...(config.cosmos.key ? { key: config.cosmos.key } : { credential: new DefaultAzureCredential() }),
  });
  return {
    config,
    store,
    tickets: store,
    idempotency: store.idempotencyRecords,
    directory: new CachedDirectory(store.directoryEntries),
    clock: { now: () => new Date() },
    newId: randomUUID,
    staffTokens: staffTokenVerifier(config),
  };
}

let current: Services | null = null;

/** The process's services, built on first use (so importing a function file has no side effects). */
export function services(): Services {
  current ??= createServices();
  return current;
}
