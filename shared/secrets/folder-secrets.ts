// Secrets the directory names (a mailbox's secretRef) on a machine without Key Vault (issue 24):
// one file per secret, `<folder>/<secretRef>`, readable by its owner only, as the local stack
// keeps its help-desk secret. npm start makes the folder (<data>/mailbox-secrets/).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../domain/errors';
import type { SecretReader } from '../domain/ports';

/** A secret as stored: one trailing line break (what `echo` or an editor adds) is not part of it. */
export function trimmedSecret(value: string): string {
  return value.replace(/\r?\n$/, '');
}

export class FolderSecrets implements SecretReader {
  constructor(private readonly folder: string | null) {}

  async read(name: string): Promise<string> {
    // The names are Key Vault secret names (letters, digits, dashes): never a path.
    if (!/^[0-9A-Za-z-]{1,127}$/.test(name)) throw new DomainError('validation_failed', `'${name}' is not a secret name`);
    if (this.folder === null) throw new DomainError('not_found', `No secret '${name}': set MAILBOX_SECRETS_DIR to the folder that holds one file per secret`);
    const file = join(this.folder, name);
    try {
      // Others may not read a password: refused rather than used (no-op on Windows).
      if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) {
        throw new DomainError('validation_failed', `${file} is readable by others: chmod 600 ${file}`);
      }
      return trimmedSecret(await readFile(file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('not_found', `No secret '${name}': put the password in ${file} (mode 600)`);
      throw err;
    }
  }
}
