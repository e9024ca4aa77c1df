// Where the local stack's help-desk secret comes from (local/helpdesk-secret.ts): the environment
// first; otherwise the data folder's file, made once with mode 0600 and kept; without a data
// folder, a new one per run. A file that holds no usable secret is refused, not replaced.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localHelpdeskSecret } from '../../../local/helpdesk-secret';

const dir = () => mkdtempSync(join(tmpdir(), 'helpdesk-secret-'));

test('made once in the data folder, owner-only, then kept', () => {
  const dataDir = join(dir(), 'not-yet-there');
  const first = localHelpdeskSecret(dataDir, undefined);
  const again = localHelpdeskSecret(dataDir, undefined);
  expect([first.source, again.source, again.secret === first.secret, first.secret]).toEqual(['created', 'kept', true, expect.stringMatching(/^[\w-]{43}$/)]);
  expect([readFileSync(first.file!, 'utf8'), statSync(first.file!).mode & 0o777]).toEqual([first.secret, 0o600]);
});

test('a kept file readable by others is narrowed to the owner again', () => {
  const dataDir = dir();
  const { file } = localHelpdeskSecret(dataDir, undefined);
  chmodSync(file!, 0o644);
  localHelpdeskSecret(dataDir, undefined);
  expect(statSync(file!).mode & 0o777).toBe(0o600);
});

test('HELPDESK_SECRET wins; without a data folder each run has its own', () => {
  const dataDir = dir();
  expect(localHelpdeskSecret(dataDir, ' given-by-the-environment-0123456789abcdef ')).toEqual({ secret: 'given-by-the-environment-0123456789abcdef', source: 'environment', file: null });
  const a = localHelpdeskSecret(null, undefined);
  const b = localHelpdeskSecret(null, '  ');
  expect([a.source, b.source, a.secret === b.secret]).toEqual(['memory', 'memory', false]);
});

test('a file holding no usable secret is refused with what to do, and left alone', () => {
  const dataDir = dir();
  writeFileSync(join(dataDir, 'helpdesk-secret'), 'short\n', { mode: 0o600 });
  expect(() => localHelpdeskSecret(dataDir, undefined)).toThrow(/holds no usable help-desk secret .* delete it and start again/);
  expect(readFileSync(join(dataDir, 'helpdesk-secret'), 'utf8')).toBe('short\n');
});
