// Jest's global setup: the stack, reliability, e2e and CLI tests run the compiled dist/, so
// `npx jest <file>` after an edit would test stale code. Build first when any source is newer
// than the build, or a source has no compiled file yet; a build that fails stops the run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** tsconfig.json's include, plus what the build reads besides. */
const SOURCE_DIRS = ['functions', 'shared', 'local', 'scripts', 'clients'];
const SOURCE_FILES = ['tsconfig.json', 'package-lock.json'];
/** The web build runs last, so its output is the build's newest file. */
const LAST_OUTPUT = join(ROOT, 'dist', 'web', 'portal.js');

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Why dist/ is stale, or null when it is not. */
export function staleReason(): string | null {
  if (!existsSync(LAST_OUTPUT)) return 'there is no build yet';
  const built = statSync(LAST_OUTPUT).mtimeMs;
  const sources = [...SOURCE_DIRS.flatMap((d) => [...files(join(ROOT, d))]), ...SOURCE_FILES.map((f) => join(ROOT, f)).filter(existsSync)];
  for (const source of sources) {
    if (statSync(source).mtimeMs > built) return `${relative(ROOT, source)} changed after the last build`;
    if (source.endsWith('.ts') && !source.endsWith('.d.ts') && !existsSync(join(ROOT, 'dist', relative(ROOT, source)).replace(/\.ts$/, '.js'))) {
      return `${relative(ROOT, source)} has no compiled file`;
    }
  }
  return null;
}

/** Unit tests run the sources; a run of nothing else needs no build. */
function unitOnly(patterns: readonly string[]): boolean {
  return patterns.length > 0 && patterns.every((p) => /(^|\/)test\/unit\//.test(p.replace(/\\/g, '/')));
}

export default function globalSetup(globalConfig: { testPathPatterns?: { patterns?: readonly string[] } }): void {
  if (unitOnly(globalConfig.testPathPatterns?.patterns ?? [])) return;
  const reason = staleReason();
  if (!reason) return;
  process.stdout.write(`\nBuilding dist/ first (${reason}) ...\n`);
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`The build failed, so the tests would run stale code; fix it first:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
