// The dependency rules the design relies on, checked on every run: a pure domain, one adapter
// per SDK, one module that reads the environment.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const shipped = [...sources('functions'), ...sources('shared')];

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)/g)].map((m) => (m[1] ?? m[2])!);
}

test('the domain imports nothing but itself', () => {
  for (const file of sources('shared/domain')) {
    const outside = importsOf(file).filter((i) => !i.startsWith('./'));
    expect({ file, outside }).toEqual({ file, outside: [] });
  }
});

test.each([
  ['@azure/cosmos', ['shared/store/cosmos.ts']],
  ['@azure/functions', ['shared/http/functions.ts']],
  ['@azure/identity', ['shared/composition.ts']],
  ['jose', ['shared/auth/jwt.ts']],
  ['@azure/storage-blob', ['shared/store/blob-attachments.ts']],
  ['@azure/service-bus', ['shared/bus/service-bus.ts']],
  ['mailparser', ['shared/mail/inbound-parser.ts']],
  ['mime-types', ['shared/app/attachments.ts']],
  ['content-disposition', ['shared/http/files.ts']],
  ['html-to-text', ['shared/mail/html-to-text.ts']],
])('%s is imported by exactly one adapter module', (pkg, allowed) => {
  const importers = shipped.filter((f) => importsOf(f).some((i) => i === pkg || i.startsWith(`${pkg}/`)));
  expect(importers).toEqual(allowed);
});

test('only the configuration module reads the environment', () => {
  const readers = shipped.filter((f) => /process\.env/.test(readFileSync(join(ROOT, f), 'utf8').replace(/\/\/.*$/gm, '')));
  expect(readers.map((f) => relative('.', f))).toEqual(['shared/config.ts']);
});

test('functions stay thin: no store, SDK or domain rule is reached past the application layer', () => {
  for (const file of sources('functions')) {
    const reached = importsOf(file).filter((i) => /shared\/(store|domain\/lifecycle)|^@azure\//.test(i));
    expect({ file, reached }).toEqual({ file, reached: [] });
  }
});
