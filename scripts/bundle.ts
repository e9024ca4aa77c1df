// Bundles every function file into one small CommonJS file with esbuild, and packs the ZIP a Flex
// Consumption app deploys: host.json, a package.json whose `main` is the bundle, and the bundle.
//   node dist/scripts/bundle.js [--out <dir>]
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { SERVED_FILES } from '../clients/web/serve';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, EXIT, projectRoot, runMain } from './lib/cli';
import { zip } from './lib/zip';

export interface BundleResult {
  /** The folder with host.json, package.json and the bundle (what azd deploys). */
  appDir: string;
  zipPath: string;
  bundleBytes: number;
  zipBytes: number;
  functionFiles: string[];
}

/** The Functions worker provides this module; everything else goes into the bundle. */
export const EXTERNAL_MODULES = ['@azure/functions-core'];
export const BUNDLE_FILE = 'index.js';

export async function bundle(options: { root?: string; outDir?: string } = {}): Promise<BundleResult> {
  const root = options.root ?? projectRoot();
  const outDir = options.outDir ?? join(root, 'dist', 'deploy');
  const appDir = join(outDir, 'app');
  const functionFiles = readdirSync(join(root, 'functions'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .sort();
  if (functionFiles.length === 0) throw new CliError('no function files under functions/');

  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  // One entry that imports every function file: each registers itself with app.http(...) etc.
  const entry = functionFiles.map((f) => `import './functions/${f.replace(/\.ts$/, '')}';`).join('\n');
  await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'functions-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: EXTERNAL_MODULES,
    outfile: join(appDir, BUNDLE_FILE),
    // Some SDKs ship ESM that reads import.meta.url (@azure/storage-common's CRC64 module calls
    // createRequire with it); in a CommonJS bundle that is undefined unless given the bundle's own URL.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'error',
  });

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const appPackage = { name: pkg.name, version: pkg.version, private: true, main: BUNDLE_FILE };
  writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(appPackage, null, 2)}\n`);
  writeFileSync(join(appDir, 'host.json'), readFileSync(join(root, 'host.json')));

  // The web pages (built by `npm run build` into dist/web) travel beside the bundle, in web/.
  const webFiles = SERVED_FILES.map((f) => `web/${f}`);
  mkdirSync(join(appDir, 'web'), { recursive: true });
  for (const f of SERVED_FILES) copyFileSync(join(root, 'dist', 'web', f), join(appDir, 'web', f));

  const files = ['host.json', 'package.json', BUNDLE_FILE, ...webFiles];
  const archive = zip(files.map((name) => ({ name, data: readFileSync(join(appDir, name)) })));
  const zipPath = join(outDir, 'app.zip');
  writeFileSync(zipPath, archive);
  return { appDir, zipPath, bundleBytes: statSync(join(appDir, BUNDLE_FILE)).size, zipBytes: archive.length, functionFiles };
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

const HELP = `Usage: npm run bundle [-- --out <dir>]

Bundles functions/*.ts with esbuild into one file and writes <dir>/app/ (host.json, package.json,
index.js) and <dir>/app.zip, the package a Flex Consumption function app deploys.

Options:
  --out <dir>   output folder (default dist/deploy)
  -h, --help    show this help`;

async function main(): Promise<void> {
  let values: { out?: string; help?: boolean };
  try {
    values = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message} (see --help)`, EXIT.usage);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  const result = await bundle(values.out ? { outDir: values.out } : {});
  console.log(`Bundled ${result.functionFiles.length} function files: ${relative(process.cwd(), join(result.appDir, BUNDLE_FILE))} (${kib(result.bundleBytes)}), ${relative(process.cwd(), result.zipPath)} (${kib(result.zipBytes)})`);
}

// The file name check keeps this from running when another command inlines this module.
if (require.main === module && /bundle(\.[cm]?[jt]s)?$/.test(process.argv[1] ?? '')) runMain(main);
