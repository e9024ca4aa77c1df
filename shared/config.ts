// The one place that reads the environment. Every setting the code reads is declared in SETTINGS
// with where it applies: `azure` settings are set by the Bicep templates (a test holds the two
// together), `local` ones only by the local stack. Read once, validated, fail fast (the validation,
// with zod, is load-config.ts: function files read this module when they register, issue 21).
import type { AttachmentLimits } from './domain/attachments';
import type { IntakeLimits } from './domain/intake-limits';

/** `platform`: set by Azure itself on every function app, never by us (the Bicep must not set it). */
export type SettingScope = 'azure' | 'local' | 'both' | 'platform';

export const SETTINGS = {
  COSMOS_ENDPOINT: { scope: 'both', description: 'Cosmos DB account endpoint, e.g. https://cosmos-abc.documents.azure.com:443/' },
  COSMOS_DATABASE: { scope: 'both', description: 'Cosmos DB database name' },
  COSMOS_KEY: { scope: 'local', description: "The local Cosmos server's placeholder key; absent in Azure, where the managed identity is used" },
  AUTH_MODE: { scope: 'both', description: '`entra` in Azure; `development` locally, where agents use locally signed tokens' },
  DEV_TOKEN_SECRET: { scope: 'local', description: 'Signs development tokens; required only when AUTH_MODE=development' },
  ENTRA_TENANT_ID: { scope: 'azure', description: "The Entra ID tenant whose tokens agents sign in with (its id); required when AUTH_MODE=entra" },
  ENTRA_API_CLIENT_ID: { scope: 'azure', description: "The API app registration's client id: tokens must be issued for it (aud = the id or api://<id>); required when AUTH_MODE=entra" },
  SERVICEBUS_NAMESPACE: { scope: 'azure', description: 'Service Bus fully qualified namespace (sb-abc.servicebus.windows.net), reached with the managed identity' },
  SERVICEBUS_CONNECTION_STRING: { scope: 'local', description: "The local Service Bus emulator's connection string (…;UseDevelopmentEmulator=true)" },
  PUBLIC_BASE_URL: { scope: 'both', description: 'Where customers and agents reach the help desk; links in e-mails start here' },
  MAIL_FROM: { scope: 'both', description: 'Sender of every e-mail, e.g. "Help desk <DoNotReply@contoso.com>"' },
  ACS_EMAIL_ENDPOINT: { scope: 'azure', description: 'Azure Communication Services endpoint that sends e-mail (managed identity)' },
  SMTP_URL: { scope: 'local', description: 'Optional SMTP server that also receives every e-mail, e.g. smtp://127.0.0.1:1025' },
  MAIL_OUTBOX_DIR: { scope: 'local', description: 'Folder where every e-mail is also written as a .eml file' },
  ATTACHMENTS_BLOB_ENDPOINT: { scope: 'azure', description: 'Blob endpoint of the storage account that keeps attachments (https://st….blob.core.windows.net/), reached with the managed identity' },
  ATTACHMENTS_CONNECTION_STRING: { scope: 'local', description: "Azurite's connection string, for attachments in the local stack" },
  ATTACHMENT_MAX_BYTES: { scope: 'both', description: 'Largest attachment accepted, in bytes (default 10485760 = 10 MB)' },
  ATTACHMENT_MAX_COUNT: { scope: 'both', description: 'Most files on one message, response or note (default 5)' },
  ATTACHMENT_TYPES: { scope: 'both', description: 'Comma-separated media types accepted as attachments; `image/*` or a trailing `*` matches a family (default: images, PDF, text, CSV, zip, e-mail and Office documents)' },
  INTAKE_MAX_PER_REQUESTER: { scope: 'both', description: 'New tickets one requester e-mail address may open per hour through the form, the API without a key and e-mail (default 10; 0: no limit)' },
  INTAKE_MAX_PER_CLIENT: { scope: 'both', description: 'New tickets one client address (the client-ip header the platform sets) may open per hour through the form and the API without a key (default 30; 0: no limit)' },
  INTAKE_LIMIT_LOOPBACK: { scope: 'both', description: 'Whether the client-address limit counts loopback callers too (default false: local tools and benchmarks are not limited by it)' },
  MAX_OPEN_TICKETS_PER_USER: { scope: 'both', description: "osTicket's maximum open tickets per requester e-mail address; a new ticket over it is refused (default 0: no limit)" },
  ENTRA_JWKS_URL: { scope: 'local', description: "Where Entra's signing keys are fetched; only tests set it (a key set on loopback). Azure uses https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys" },
  WEBSITE_SITE_NAME: {
    scope: 'platform',
    description: 'Set by App Service / Azure Functions on every app ("Environment variables and app settings reference": read-only, the app name); its presence means the code runs in Azure, where development sign-in is refused',
  },
  WEBSITE_INSTANCE_ID: { scope: 'platform', description: 'Set by App Service / Azure Functions (read-only, the instance id); also means the code runs in Azure' },
  INBOUND_TRUSTED_AUTHSERV_IDS: {
    scope: 'both',
    description:
      'Comma-separated authserv-ids (host names) of the mail services whose Authentication-Results headers the inbound webhook and tickets.email trust; a reply is appended to a ticket only when such a header says DMARC, or DKIM aligned with the sender, passed (default: none, so every mail opens a ticket of its own marked "address not verified")',
  },
  INBOUND_EMAIL_KEY: { scope: 'local', description: "The key the local host expects in x-functions-key for functions with authLevel 'function' (POST /api/inbound/email); Azure's host checks its own function keys" },
  MAILBOX_ALLOW_PRIVATE_HOSTS: {
    scope: 'local',
    description: "Whether a mailbox may be fetched from a private, loopback or link-local host (default false: an admin could otherwise point the help desk at what only it can reach); the local stack sets it, its IMAP server is on loopback",
  },
  KEY_VAULT_URI: {
    scope: 'azure',
    description: "The help desk's Key Vault (https://kv-….vault.azure.net/), where the secrets mailboxes name in secretRef are kept; read with the managed identity (Key Vault Secrets User)",
  },
  MAILBOX_SECRETS_DIR: { scope: 'local', description: 'Without Key Vault: the folder with one file per mailbox secret, named as its secretRef (mode 600); npm start uses <data>/mailbox-secrets' },
  MAILBOX_FETCH_EVERY_SECONDS: { scope: 'local', description: 'How often the mailbox fetch timer runs, in seconds dividing 60 (default: every minute, as in Azure); tests shorten it' },
  GRAPH_BASE_URL: {
    scope: 'local',
    description: "Where Microsoft Graph is reached (default https://graph.microsoft.com/v1.0, with the managed identity's token); tests point it at their recording stand-in, which takes a fixed token",
  },
  HELPDESK_SECRET: {
    scope: 'both',
    description: 'The one help-desk secret, for tokens derived rather than stored (issue 18). In Azure a Key Vault reference the platform resolves with the app identity; locally npm start keeps one in its data folder. Never logged',
  },
} as const satisfies Record<string, { scope: SettingScope; description: string }>;

export type SettingName = keyof typeof SETTINGS;

export interface Config {
  cosmos: { endpoint: string; database: string; key: string | null };
  auth: { mode: 'entra' | 'development'; devTokenSecret: string | null; entra: { tenantId: string; clientId: string; jwksUrl: string | null } | null };
  /** Exactly one of namespace (managed identity) or connectionString (local emulator). */
  serviceBus: { namespace: string | null; connectionString: string | null };
  /** Exactly one of endpoint (managed identity) or connectionString (Azurite). */
  attachments: { endpoint: string | null; connectionString: string | null; limits: AttachmentLimits };
  intakeLimits: IntakeLimits;
  /** The authserv-ids whose Authentication-Results headers inbound mail is judged by (lower case). */
  trustedAuthservIds: string[];
  mailboxes: { allowPrivateHosts: boolean };
  /** Where mailbox secrets are read: the Key Vault in Azure, else a local folder (or none). */
  secrets: { keyVaultUri: string | null; folder: string | null };
  publicBaseUrl: string;
  /** Microsoft 365 mailboxes (issue 25): Graph's endpoint (null: the real one), and the webhook Graph notifies. */
  graph: { baseUrl: string | null; notificationUrl: string };
  mail: {
    from: { name: string; email: string };
    acsEndpoint: string | null;
    smtpUrl: string | null;
    outboxDir: string | null;
  };
}

export class ConfigError extends Error {}

/**
 * Only the declared settings, and a blank one counts as unset: azd writes an unset parameter
 * (`ENTRA_API_CLIENT_ID=` in main.parameters.json) as an empty app setting.
 */
export function declaredSettings(env: NodeJS.ProcessEnv = process.env): Partial<Record<SettingName, string>> {
  const out: Partial<Record<SettingName, string>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') out[name] = value;
  }
  return out;
}

/**
 * True when this process signs agents in with development tokens, judged from the auth settings
 * alone (function files register before the whole configuration need be complete). The same rule
 * as the schema: AUTH_MODE defaults to entra, and development is refused where WEBSITE_SITE_NAME
 * or WEBSITE_INSTANCE_ID (set by the platform on every function app) say this is Azure.
 */
export function developmentSignIn(env: NodeJS.ProcessEnv = process.env): boolean {
  const s = declaredSettings(env);
  return s.AUTH_MODE?.trim() === 'development' && s.DEV_TOKEN_SECRET !== undefined && s.WEBSITE_SITE_NAME === undefined && s.WEBSITE_INSTANCE_ID === undefined;
}

/** True in Azure: the platform sets WEBSITE_SITE_NAME and WEBSITE_INSTANCE_ID on every function app. */
export function runsInAzure(env: NodeJS.ProcessEnv = process.env): boolean {
  // The two settings only: this runs on every response, and reading every declared setting from
  // the environment cost more than the rest of the headers.
  const set = (name: SettingName) => (env[name]?.trim() ?? '') !== '';
  return set('WEBSITE_SITE_NAME') || set('WEBSITE_INSTANCE_ID');
}

/**
 * How often the mailbox fetch timer runs (issue 24), read when its function file loads, as the
 * host reads schedules: every minute, at second 0, unless the local stack says otherwise.
 */
export function mailboxFetchSchedule(env: NodeJS.ProcessEnv = process.env): { everySeconds: number } | { everyMinutes: number } {
  const value = declaredSettings(env).MAILBOX_FETCH_EVERY_SECONDS;
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 && n < 60 && 60 % n === 0 ? { everySeconds: n } : { everyMinutes: 1 };
}

/** The route of the webhook Graph posts mailbox notifications to (functions/graph-notifications.ts). */
export const GRAPH_NOTIFICATIONS_ROUTE = 'mail/graph-notifications';

/** The shortest help-desk secret accepted: 32 bytes, what the deploy and the local stack generate. */
export const MIN_HELPDESK_SECRET_BYTES = 32;

/**
 * The help-desk secret (HELPDESK_SECRET), for tokens derived rather than stored. Fails with a
 * ConfigError that says what to fix, never with the value: unset; an unresolved Key Vault
 * reference, which App Service passes through as the literal `@Microsoft.KeyVault(...)` string
 * ("Use Key Vault references as app settings", Troubleshoot); or shorter than 32 bytes.
 */
export function helpdeskSecret(env: NodeJS.ProcessEnv = process.env): string {
  const value = declaredSettings(env).HELPDESK_SECRET?.trim();
  if (value === undefined) {
    throw new ConfigError(
      runsInAzure(env)
        ? 'HELPDESK_SECRET is not set: npm run deploy sets it to a Key Vault reference; run the deploy again'
        : 'HELPDESK_SECRET is not set: npm start keeps one in its data folder; with func start, put one (32 random bytes, e.g. openssl rand -base64 32) in local.settings.json',
    );
  }
  if (/^@Microsoft\.KeyVault\(/i.test(value)) {
    throw new ConfigError(
      'HELPDESK_SECRET is a Key Vault reference the platform could not resolve: check that the secret exists in the vault and that the app identity has Key Vault Secrets User on it (function app > Environment variables shows the reference status)',
    );
  }
  if (Buffer.byteLength(value, 'utf8') < MIN_HELPDESK_SECRET_BYTES) throw new ConfigError(`HELPDESK_SECRET must be at least ${MIN_HELPDESK_SECRET_BYTES} bytes`);
  return value;
}
