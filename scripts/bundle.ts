// Bundles every function file with esbuild, and packs the ZIP a Flex Consumption app deploys:
// host.json, a package.json whose `main` is the bundle's entry, the entry and its chunks. The entry
// is an ES module split into chunks, so what a function loads with `import()` (its handler with
// zod and the schemas, the composition root and its SDKs, mailparser, html-to-text) is a chunk of
// its own, read on first use and not on every cold start (issue 21); esbuild splits only ES modules. The Node.js worker loads an `.mjs`
// main with import() (azure-functions-nodejs-worker, src/loadScriptFile.ts: isESModule).
//   node dist/scripts/bundle.js [--out <dir>]
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { SERVED_FILES } from '../clients/web/serve';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, EXIT, projectRoot, runMain } from './lib/cli';
import { zip } from './lib/zip';

export interface BundleChunk {
  file: string;
  bytes: number;
  atStart: boolean;
  packages: string[];
  sources: string[];
}

export interface BundleResult {
  /** The folder with host.json, package.json and the bundle (what azd deploys). */
  appDir: string;
  zipPath: string;
  /** The entry and the chunks it imports statically: what a cold start loads before the first request. */
  startupBytes: number;
  /** Every file of the bundle, the chunks loaded on first use included. */
  bundleBytes: number;
  zipBytes: number;
  /** The bundle's files, relative to appDir: the entry first, then its chunks. */
  bundleFiles: string[];
  /** Packages (node_modules/<name>) with code in the startup files: the bundle test holds the heavy SDKs out of it. */
  startupPackages: string[];
  /** Each file of the bundle: whether a cold start loads it, the packages and project sources it holds. */
  chunks: BundleChunk[];
  functionFiles: string[];
}

/** The Functions worker provides this module; everything else goes into the bundle. */
export const EXTERNAL_MODULES = ['@azure/functions-core'];
export const BUNDLE_FILE = 'index.mjs';
const CHUNK_DIR = 'chunks';

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
  const { metafile } = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'functions-entry.ts', loader: 'ts' },
    absWorkingDir: root, // the metafile's paths are relative to it
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    splitting: true,
    external: EXTERNAL_MODULES,
    outdir: appDir,
    entryNames: 'index',
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    // The SDKs bundled are mostly CommonJS: they call require() (for Node's own modules and the
    // worker's @azure/functions-core) and read __filename/__dirname, which an ES module lacks.
    banner: {
      js: 'import{createRequire as __cr}from"node:module";import{fileURLToPath as __fu}from"node:url";import{dirname as __dn}from"node:path";const require=__cr(import.meta.url),__filename=__fu(import.meta.url),__dirname=__dn(__filename);',
    },
    metafile: true,
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

  const outputs = Object.entries(metafile.outputs).map(([path, output]) => ({ file: relative(appDir, join(root, path)).split(sep).join('/'), output }));
  const bundleFiles = outputs.map((o) => o.file).sort((a, b) => Number(b === BUNDLE_FILE) - Number(a === BUNDLE_FILE) || a.localeCompare(b));
  // What loads at start: the entry and, transitively, the chunks it imports with `import` statements.
  const startup = new Set<string>();
  const visit = (file: string): void => {
    if (startup.has(file)) return;
    startup.add(file);
    const output = outputs.find((o) => o.file === file)!.output;
    for (const i of output.imports) if (i.kind === 'import-statement' && !i.external) visit(relative(appDir, join(root, i.path)).split(sep).join('/'));
  };
  visit(BUNDLE_FILE);
  const chunks: BundleChunk[] = outputs.map(({ file, output }) => {
    const inputs = Object.keys(output.inputs);
    return {
      file,
      bytes: statSync(join(appDir, file)).size,
      atStart: startup.has(file),
      packages: [...new Set(inputs.flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? []))].sort(),
      sources: inputs.filter((input) => !input.includes('node_modules/')).sort(),
    };
  });
  const startupChunks = chunks.filter((c) => c.atStart);
  const startupPackages = [...new Set(startupChunks.flatMap((c) => c.packages))].sort();

  const files = ['host.json', 'package.json', ...bundleFiles, ...webFiles];
  const archive = zip(files.map((name) => ({ name, data: readFileSync(join(appDir, name)) })));
  const zipPath = join(outDir, 'app.zip');
  writeFileSync(zipPath, archive);
  const size = (list: BundleChunk[]) => list.reduce((sum, c) => sum + c.bytes, 0);
  return { appDir, zipPath, startupBytes: size(startupChunks), bundleBytes: size(chunks), zipBytes: archive.length, bundleFiles, startupPackages, chunks, functionFiles };
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

const HELP = `Usage: npm run bundle [-- --out <dir>]

Bundles functions/*.ts with esbuild (an ES module entry and chunks loaded on first use) and writes
<dir>/app/ (host.json, package.json, index.mjs, chunks/) and <dir>/app.zip, the package a Flex
Consumption function app deploys.

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
  console.log(
    `Bundled ${result.functionFiles.length} function files: ${relative(process.cwd(), join(result.appDir, BUNDLE_FILE))} (${kib(result.startupBytes)} loaded at start, ${kib(result.bundleBytes)} with the ${result.bundleFiles.length - 1} chunks), ${relative(process.cwd(), result.zipPath)} (${kib(result.zipBytes)})`,
  );
}

// The file name check keeps this from running when another command inlines this module.
if (require.main === module && /bundle(\.[cm]?[jt]s)?$/.test(process.argv[1] ?? '')) runMain(main);
