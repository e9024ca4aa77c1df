// The local stack's settings: embedded defaults, overridden by local.settings.json's Values when a
// user keeps one (the file `func start` reads too), and by the process environment, which wins
// as it does under the Functions host. Nothing here is a secret worth the name: the
// Cosmos key is a placeholder the local server never checks, the token secret signs local tokens,
// the storage key is Azurite's published development key.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS, type SettingName } from '../shared/config';
import { AZURITE_ACCOUNT, AZURITE_KEY, DEFAULT_BLOB_PORT } from './blob-server';

/** The folder with host.json: two up from dist/local when built, one up from local/ when tests load the source. */
export const PROJECT_ROOT = existsSync(join(__dirname, '..', 'host.json')) ? join(__dirname, '..') : join(__dirname, '..', '..');
export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, '.local-data');
export const DEFAULT_API_PORT = 7071;
export const DEFAULT_COSMOS_PORT = 8081;
const AZURITE_BLOB = `http://127.0.0.1:${DEFAULT_BLOB_PORT}/${AZURITE_ACCOUNT}`;

export const LOCAL_DEFAULTS = {
  COSMOS_ENDPOINT: `http://127.0.0.1:${DEFAULT_COSMOS_PORT}`,
  COSMOS_DATABASE: 'helpdesk',
  // base64 of "local-emulator-only": the SDK wants a base64 key to sign with; the server ignores it.
  COSMOS_KEY: 'bG9jYWwtZW11bGF0b3Itb25seQ==',
  AUTH_MODE: 'development',
  DEV_TOKEN_SECRET: 'local-development-only-secret-do-not-use-in-azure',
  PUBLIC_BASE_URL: `http://localhost:${DEFAULT_API_PORT}`,
  MAIL_FROM: 'Help desk <helpdesk@localhost>',
  // Stands in for the function key a mail service would send to POST /api/inbound/email.
  INBOUND_EMAIL_KEY: 'local-inbound-email-key',
  // The local stack has no mail service in front of it: mail that carries
  // "Authentication-Results: localhost; dmarc=pass header.from=<domain>" counts as authentic.
  INBOUND_TRUSTED_AUTHSERV_IDS: 'localhost',
  // Tests, the tutorial and benchmarks open many tickets from one address; set it to try the limit.
  INTAKE_MAX_PER_REQUESTER: '0',
  // The local IMAP server listens on loopback, which mailboxes may not name in Azure.
  MAILBOX_ALLOW_PRIVATE_HOSTS: 'true',
  // Azurite's documented development account and key, public and the same everywhere.
  ATTACHMENTS_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${AZURITE_BLOB};`,
} satisfies Partial<Record<SettingName, string>>;

/** The Values of local.settings.json, if the user has one. */
export function userSettings(root = PROJECT_ROOT): Record<string, string> {
  const file = join(root, 'local.settings.json');
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, string> };
  return parsed.Values ?? {};
}

function pick(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.keys(SETTINGS).flatMap((k) => (values[k] !== undefined ? [[k, values[k]!]] : [])));
}

/** Settings for a local run: defaults, the user's file, the environment, then what this run decided (ports). */
export function localSettings(overrides: Partial<Record<SettingName, string>> = {}, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { ...LOCAL_DEFAULTS, ...pick(userSettings()), ...pick(env), ...overrides };
}
