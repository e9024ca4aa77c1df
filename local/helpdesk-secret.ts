// The local stack's help-desk secret (issue 18): made on the first start and kept in the data
// folder, readable by the owner only, so tokens derived from it (links in e-mails) still work
// after a restart. In Azure the same setting is a Key Vault reference (infra/modules/key-vault.bicep).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_HELPDESK_SECRET_BYTES } from '../shared/config';

export const SECRET_FILE = 'helpdesk-secret';

/** 32 random bytes, base64url: what the deploy writes into Key Vault too. */
export function newHelpdeskSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface LocalSecret {
  secret: string;
  /** Where it came from, for the start-up line (which never shows the value). */
  source: 'environment' | 'created' | 'kept' | 'memory';
  file: string | null;
}

/**
 * HELPDESK_SECRET from the environment when set (tests, or two hosts sharing one); otherwise the
 * one in `<dataDir>/helpdesk-secret`, created with mode 0600 when missing; without a data folder
 * (--memory) a new one for this run.
 */
export function localHelpdeskSecret(dataDir: string | null, fromEnvironment: string | undefined): LocalSecret {
  if (fromEnvironment?.trim()) return { secret: fromEnvironment.trim(), source: 'environment', file: null };
  if (dataDir === null) return { secret: newHelpdeskSecret(), source: 'memory', file: null };
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SECRET_FILE);
  try {
    // `wx`: never overwrite one another process made a moment ago; read that one instead.
    const secret = newHelpdeskSecret();
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'created', file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A file copied in with wider permissions is narrowed again (no-op on Windows).
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(secret, 'utf8') < MIN_HELPDESK_SECRET_BYTES) {
    throw new Error(`${file} holds no usable help-desk secret (under ${MIN_HELPDESK_SECRET_BYTES} bytes): delete it and start again to get a new one (links e-mailed so far stop working)`);
  }
  return { secret, source: 'kept', file };
}
