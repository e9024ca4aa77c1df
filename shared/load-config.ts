// The configuration validated: the settings config.ts reads, checked with zod and turned into the
// Config the composition root builds on. Apart from config.ts because function files read that one
// when they register, and a cold start should not load zod for it (issue 21).
import { z } from 'zod';
import { DEFAULT_ATTACHMENT_LIMITS } from './domain/attachments';
import { DEFAULT_INTAKE_LIMITS } from './domain/intake-limits';
import { ConfigError, GRAPH_NOTIFICATIONS_ROUTE, declaredSettings, type Config, type SettingName } from './config';

const schema = z
  .object({
    COSMOS_ENDPOINT: z.url({ message: 'must be the Cosmos DB account endpoint URL' }),
    COSMOS_DATABASE: z.string().min(1).default('helpdesk'),
    COSMOS_KEY: z.string().min(1).optional(),
    AUTH_MODE: z.enum(['entra', 'development']).default('entra'),
    DEV_TOKEN_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    ENTRA_TENANT_ID: z.guid({ message: 'must be the tenant id (a GUID)' }).optional(),
    ENTRA_API_CLIENT_ID: z.guid({ message: "must be the API app registration's client id (a GUID)" }).optional(),
    SERVICEBUS_NAMESPACE: z.string().regex(/^[\w.-]+$/, { message: 'must be a host name such as sb-abc.servicebus.windows.net' }).optional(),
    SERVICEBUS_CONNECTION_STRING: z.string().regex(/^Endpoint=sb:\/\//, { message: 'must be a Service Bus connection string' }).optional(),
    PUBLIC_BASE_URL: z.url({ message: 'must be an absolute URL' }),
    MAIL_FROM: z.string().regex(/^(.*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, { message: 'must be an address, optionally with a name: Name <a@b.c>' }),
    ACS_EMAIL_ENDPOINT: z.url().optional(),
    SMTP_URL: z.url().optional(),
    MAIL_OUTBOX_DIR: z.string().min(1).optional(),
    INBOUND_EMAIL_KEY: z.string().min(1).optional(),
    INBOUND_TRUSTED_AUTHSERV_IDS: z.string().optional(),
    // Checked where it is used (helpdeskSecret): a vault that cannot be read must not take down
    // the routes that never need the secret.
    HELPDESK_SECRET: z.string().optional(),
    GRAPH_BASE_URL: z.url({ message: 'must be the Graph v1.0 endpoint URL' }).optional(),
    ENTRA_JWKS_URL: z.url({ message: 'must be the URL of a JSON Web Key Set' }).optional(),
    WEBSITE_SITE_NAME: z.string().optional(),
    WEBSITE_INSTANCE_ID: z.string().optional(),
    ATTACHMENTS_BLOB_ENDPOINT: z.url({ message: 'must be the blob endpoint URL' }).optional(),
    ATTACHMENTS_CONNECTION_STRING: z.string().regex(/BlobEndpoint=|UseDevelopmentStorage=true/, { message: 'must be a storage connection string with a BlobEndpoint' }).optional(),
    ATTACHMENT_MAX_BYTES: z.coerce.number({ message: 'must be a number of bytes' }).int().min(1).max(100 * 1024 * 1024, { message: 'must be at most 104857600 (100 MB, the HTTP request limit of Azure Functions)' }).optional(),
    ATTACHMENT_MAX_COUNT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(20).optional(),
    INTAKE_MAX_PER_REQUESTER: z.coerce.number({ message: 'must be a number' }).int().min(0).max(1_000_000).optional(),
    INTAKE_MAX_PER_CLIENT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(1_000_000).optional(),
    INTAKE_LIMIT_LOOPBACK: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    MAILBOX_ALLOW_PRIVATE_HOSTS: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
    KEY_VAULT_URI: z.url({ message: 'must be the vault URI, e.g. https://kv-abc.vault.azure.net/' }).optional(),
    MAILBOX_SECRETS_DIR: z.string().min(1).optional(),
    MAILBOX_FETCH_EVERY_SECONDS: z.enum(['1', '2', '3', '4', '5', '6', '10', '12', '15', '20', '30'], { message: 'must be a number of seconds dividing 60, below 60 (unset: every minute)' }).optional(),
    MAX_OPEN_TICKETS_PER_USER: z.coerce.number({ message: 'must be a number' }).int().min(0).max(100_000).optional(),
    ATTACHMENT_TYPES: z.string().regex(/^\s*[\w.+*-]+\/[\w.+*-]+\s*(,\s*[\w.+*-]+\/[\w.+*-]+\s*)*$/, { message: 'must be media types separated by commas, e.g. image/*,application/pdf' }).optional(),
  } satisfies Record<SettingName, z.ZodType>)
  .refine((v) => v.AUTH_MODE !== 'development' || v.DEV_TOKEN_SECRET !== undefined, {
    message: 'is required when AUTH_MODE=development',
    path: ['DEV_TOKEN_SECRET'],
  })
  // Development tokens are signed with a shared secret: never accept them where the platform's
  // own variables say this is an Azure function app.
  .refine((v) => v.AUTH_MODE !== 'development' || (v.WEBSITE_SITE_NAME === undefined && v.WEBSITE_INSTANCE_ID === undefined), {
    message: 'development sign-in is refused in Azure (WEBSITE_SITE_NAME or WEBSITE_INSTANCE_ID is set by the platform); use AUTH_MODE=entra',
    path: ['AUTH_MODE'],
  })
  // No refusal when AUTH_MODE=entra lacks ENTRA_TENANT_ID or ENTRA_API_CLIENT_ID: customers and
  // health keep working, and agents are told sign-in is not configured (composition.ts).
  .refine((v) => v.ATTACHMENTS_BLOB_ENDPOINT !== undefined || v.ATTACHMENTS_CONNECTION_STRING !== undefined, {
    message: 'set ATTACHMENTS_BLOB_ENDPOINT (Azure) or ATTACHMENTS_CONNECTION_STRING (Azurite)',
    path: ['ATTACHMENTS_BLOB_ENDPOINT'],
  })
  .refine((v) => v.SERVICEBUS_NAMESPACE !== undefined || v.SERVICEBUS_CONNECTION_STRING !== undefined, {
    message: 'set SERVICEBUS_NAMESPACE (Azure) or SERVICEBUS_CONNECTION_STRING (local emulator)',
    path: ['SERVICEBUS_NAMESPACE'],
  });

function parseAddress(value: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  return m ? { name: m[1]!.replace(/^"|"$/g, '') || m[2]!, email: m[2]! } : { name: value, email: value };
}

/** The configuration of `env`, the process's environment when none is given; a ConfigError says what is wrong. */
export function loadConfig(env?: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(declaredSettings(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const v = parsed.data;
  return {
    cosmos: { endpoint: v.COSMOS_ENDPOINT, database: v.COSMOS_DATABASE, key: v.COSMOS_KEY ?? null },
    auth: {
      mode: v.AUTH_MODE,
      devTokenSecret: v.DEV_TOKEN_SECRET ?? null,
      entra: v.ENTRA_TENANT_ID && v.ENTRA_API_CLIENT_ID ? { tenantId: v.ENTRA_TENANT_ID, clientId: v.ENTRA_API_CLIENT_ID, jwksUrl: v.ENTRA_JWKS_URL ?? null } : null,
    },
    serviceBus: {
      namespace: v.SERVICEBUS_CONNECTION_STRING ? null : (v.SERVICEBUS_NAMESPACE ?? null),
      connectionString: v.SERVICEBUS_CONNECTION_STRING ?? null,
    },
    attachments: {
      endpoint: v.ATTACHMENTS_CONNECTION_STRING ? null : (v.ATTACHMENTS_BLOB_ENDPOINT ?? null),
      connectionString: v.ATTACHMENTS_CONNECTION_STRING ?? null,
      limits: {
        maxBytes: v.ATTACHMENT_MAX_BYTES ?? DEFAULT_ATTACHMENT_LIMITS.maxBytes,
        maxCount: v.ATTACHMENT_MAX_COUNT ?? DEFAULT_ATTACHMENT_LIMITS.maxCount,
        allowedTypes: v.ATTACHMENT_TYPES ? v.ATTACHMENT_TYPES.split(',').map((t) => t.trim().toLowerCase()) : DEFAULT_ATTACHMENT_LIMITS.allowedTypes,
      },
    },
    intakeLimits: {
      perRequester: v.INTAKE_MAX_PER_REQUESTER ?? DEFAULT_INTAKE_LIMITS.perRequester,
      perClient: v.INTAKE_MAX_PER_CLIENT ?? DEFAULT_INTAKE_LIMITS.perClient,
      clientLimitOnLoopback: v.INTAKE_LIMIT_LOOPBACK === undefined ? DEFAULT_INTAKE_LIMITS.clientLimitOnLoopback : v.INTAKE_LIMIT_LOOPBACK === 'true',
      maxOpenPerRequester: v.MAX_OPEN_TICKETS_PER_USER ?? DEFAULT_INTAKE_LIMITS.maxOpenPerRequester,
    },
    trustedAuthservIds: (v.INBOUND_TRUSTED_AUTHSERV_IDS ?? '').split(',').map((id) => id.trim().toLowerCase()).filter((id) => id !== ''),
    mailboxes: { allowPrivateHosts: v.MAILBOX_ALLOW_PRIVATE_HOSTS === 'true' },
    secrets: { keyVaultUri: v.KEY_VAULT_URI ?? null, folder: v.MAILBOX_SECRETS_DIR ?? null },
    publicBaseUrl: v.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    graph: { baseUrl: v.GRAPH_BASE_URL ?? null, notificationUrl: `${v.PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/${GRAPH_NOTIFICATIONS_ROUTE}` },
    mail: {
      from: parseAddress(v.MAIL_FROM),
      acsEndpoint: v.ACS_EMAIL_ENDPOINT ?? null,
      smtpUrl: v.SMTP_URL ?? null,
      outboxDir: v.MAIL_OUTBOX_DIR ?? null,
    },
  };
}
