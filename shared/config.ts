// The one place that reads the environment. Every setting the code reads is named in SETTINGS;
// the Bicep templates set exactly these (a test holds the two together). Read once, fail fast.
import { z } from 'zod';

export const SETTINGS = {
  /** Cosmos DB account endpoint, e.g. https://cosmos-abc.documents.azure.com:443/ */
  COSMOS_ENDPOINT: 'COSMOS_ENDPOINT',
  /** Cosmos DB database name. */
  COSMOS_DATABASE: 'COSMOS_DATABASE',
  /** Only for the local emulator: its well-known key. In Azure it is absent and the managed identity is used. */
  COSMOS_KEY: 'COSMOS_KEY',
  /** `entra` in Azure; `development` locally, where agents use locally signed development tokens. */
  AUTH_MODE: 'AUTH_MODE',
  /** The secret that signs development tokens; required only when AUTH_MODE=development. */
  DEV_TOKEN_SECRET: 'DEV_TOKEN_SECRET',
} as const;

const schema = z
  .object({
    COSMOS_ENDPOINT: z.url({ message: 'must be the Cosmos DB account endpoint URL' }),
    COSMOS_DATABASE: z.string().min(1).default('helpdesk'),
    COSMOS_KEY: z.string().min(1).optional(),
    AUTH_MODE: z.enum(['entra', 'development']).default('entra'),
    DEV_TOKEN_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  })
  .refine((v) => v.AUTH_MODE !== 'development' || v.DEV_TOKEN_SECRET !== undefined, {
    message: 'is required when AUTH_MODE=development',
    path: ['DEV_TOKEN_SECRET'],
  });

export interface Config {
  cosmos: { endpoint: string; database: string; key: string | null };
  auth: { mode: 'entra' | 'development'; devTokenSecret: string | null };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const v = parsed.data;
  return {
    cosmos: { endpoint: v.COSMOS_ENDPOINT, database: v.COSMOS_DATABASE, key: v.COSMOS_KEY ?? null },
    auth: { mode: v.AUTH_MODE, devTokenSecret: v.DEV_TOKEN_SECRET ?? null },
  };
}
