// Builds the web pages into dist/web: each page's TypeScript bundled for the browser by esbuild
// (type-only imports of the server's shapes vanish; the domain constants come along), and the HTML
// and style sheet copied beside them. A folder of its own, so that tsc's CommonJS output of the
// same sources (under dist/clients/web) can never stand in for the browser bundles.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = resolve(__dirname, __dirname.includes(`${sep}dist${sep}`) ? '../../..' : '../..');
const SOURCE = join(ROOT, 'clients', 'web');
export const WEB_OUT = join(ROOT, 'dist', 'web');
const OUT = WEB_OUT;

export function buildWeb(): void {
  mkdirSync(OUT, { recursive: true });
  buildSync({
    entryPoints: [join(SOURCE, 'portal.ts'), join(SOURCE, 'console.ts')],
    outdir: OUT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Evergreen browsers only; the pages use fetch, URLSearchParams, crypto.randomUUID.
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  });
  for (const file of ['portal.html', 'console.html', 'helpdesk.css']) copyFileSync(join(SOURCE, file), join(OUT, file));
}

if (require.main === module) {
  buildWeb();
  console.log(`web pages built into ${OUT}`);
}
