// The one place that reads the environment. Every setting the code reads is declared in SETTINGS
// with where it applies: `azure` settings are set by the Bicep templates (a test holds the two
// together), `local` ones only by the local stack. Read once, validated, fail fast.
import { z } from 'zod';

export type SettingScope = 'azure' | 'local' | 'both';

export const SETTINGS = {
  COSMOS_ENDPOINT: { scope: 'both', description: 'Cosmos DB account endpoint, e.g. https://cosmos-abc.documents.azure.com:443/' },
  COSMOS_DATABASE: { scope: 'both', description: 'Cosmos DB database name' },
  COSMOS_KEY: { scope: 'local', description: "The local Cosmos server's placeholder key; absent in Azure, where the managed identity is used" },
  AUTH_MODE: { scope: 'both', description: '`entra` in Azure; `development` locally, where agents use locally signed tokens' },
  DEV_TOKEN_SECRET: { scope: 'local', description: 'Signs development tokens; required only when AUTH_MODE=development' },
} as const satisfies Record<string, { scope: SettingScope; description: string }>;

export type SettingName = keyof typeof SETTINGS;

const schema = z
  .object({
    COSMOS_ENDPOINT: z.url({ message: 'must be the Cosmos DB account endpoint URL' }),
    COSMOS_DATABASE: z.string().min(1).default('helpdesk'),
    COSMOS_KEY: z.string().min(1).optional(),
    AUTH_MODE: z.enum(['entra', 'development']).default('entra'),
    DEV_TOKEN_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  } satisfies Record<SettingName, z.ZodType>)
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
