// Builds the web pages into dist/clients/web: each page's TypeScript bundled for the browser by
// esbuild (type-only imports of the server's shapes vanish; the domain constants come along), and
// the HTML and style sheet copied beside them. Runs after `tsc`, whose CommonJS output of the same
// entry points it overwrites: a browser cannot load CommonJS.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = resolve(__dirname, __dirname.includes(`${sep}dist${sep}`) ? '../../..' : '../..');
const SOURCE = join(ROOT, 'clients', 'web');
const OUT = join(ROOT, 'dist', 'clients', 'web');

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
