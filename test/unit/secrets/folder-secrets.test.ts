// Local mailbox secrets (issue 24): one file per secretRef, owner-only, never a path.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderSecrets, trimmedSecret } from '../../../shared/secrets/folder-secrets';

const folder = () => mkdtempSync(join(tmpdir(), 'helpdesk-secrets-'));

test('reads the file named as the secret, without the line break an editor adds', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'support-imap'), 'pa55:word\n', { mode: 0o600 });
  await expect(new FolderSecrets(dir).read('support-imap')).resolves.toBe('pa55:word');
  expect(trimmedSecret('a\r\n')).toBe('a');
  expect(trimmedSecret(' a ')).toBe(' a ');
});

test('a missing secret says where to put it; a name that could be a path is refused', async () => {
  const dir = folder();
  await expect(new FolderSecrets(dir).read('absent')).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining(join(dir, 'absent')) });
  await expect(new FolderSecrets(dir).read('../etc/passwd')).rejects.toMatchObject({ code: 'validation_failed' });
  await expect(new FolderSecrets(null).read('x')).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('MAILBOX_SECRETS_DIR') });
});

(process.platform === 'win32' ? test.skip : test)('a secret others may read is refused, with the command that fixes it', async () => {
  const dir = folder();
  const file = join(dir, 'open');
  writeFileSync(file, 'x', { mode: 0o600 });
  chmodSync(file, 0o644);
  await expect(new FolderSecrets(dir).read('open')).rejects.toMatchObject({ message: `${file} is readable by others: chmod 600 ${file}` });
});
