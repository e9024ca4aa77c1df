// Cold start: the size of the deployment bundle (esbuild, what Flex Consumption loads: the entry and
// its static chunks at start, the rest on first use), the time to load it in a fresh process, and the time from starting the local stack's process to its
// first successful response. Baseline: a bare Node process answering HTTP, started the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { BUNDLE_FILE, bundle } from '../bundle';
import { freePort, spawnStack } from './stack';
import { figure, progress, since, single, type Figure } from './stats';

export interface ColdStartOptions {
  runs: number;
}

async function untilHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode} before answering`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no successful answer from ${url} in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** ms from spawn to the first 200 of GET <path>. */
async function timeToFirstResponse(start: (port: number) => ChildProcess, path: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = start(port);
  try {
    await untilHealthy(`http://127.0.0.1:${port}${path}`, child);
    return since(started);
  } finally {
    await stop(child);
  }
}

/** ms for a fresh Node process to import the bundle (registering every function) and exit, as the worker imports an .mjs main. */
function timeToLoad(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The worker provides @azure/functions-core; a stub stands in so the bundle loads outside it.
    const script = `const M=require('module');const r=M._resolveFilename;M._resolveFilename=function(req,...a){if(req==='@azure/functions-core')return req;return r.call(this,req,...a)};require.cache['@azure/functions-core']={id:'x',filename:'x',loaded:true,exports:{registerHook(){return{dispose(){}}},registerFunction(){return{dispose(){}}},setProgrammingModel(){},getProgrammingModel(){return{}}}};import(${JSON.stringify(pathToFileURL(file).href)}).catch((e)=>{console.error(e);process.exit(1)});`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(since(started)) : reject(new Error(`loading the bundle failed (${code}): ${err.slice(0, 500)}`))));
  });
}

function bareNode(port: number): ChildProcess {
  return spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`], { stdio: 'ignore' });
}

export async function benchColdStart(options: ColdStartOptions): Promise<Figure[]> {
  const out = mkdtempSync(join(tmpdir(), 'helpdesk-bench-bundle-'));
  const figures: Figure[] = [];
  try {
    const b = await bundle({ outDir: out });
    writeFileSync(join(out, 'empty.mjs'), '');
    figures.push(single('Cold start', 'deployment bundle loaded at start (index.mjs + static chunks)', 'KiB', b.startupBytes / 1024, `${b.functionFiles.length} function files, esbuild, minified; goal at most 1.5 MB`));
    figures.push(single('Cold start', 'deployment bundle, every chunk', 'KiB', b.bundleBytes / 1024, `${b.bundleFiles.length} files; the chunks beyond the start load on a function's first use`));
    figures.push(single('Cold start', 'deployment package (app.zip)', 'KiB', b.zipBytes / 1024));
    const load: number[] = [];
    const bare: number[] = [];
    for (let run = 1; run <= options.runs; run++) {
      try {
        load.push(await timeToLoad(join(b.appDir, BUNDLE_FILE)));
      } catch (err) {
        progress(`cold start: ${(err as Error).message}`);
        break;
      }
      bare.push(await timeToLoad(join(out, 'empty.mjs')).catch(() => Number.NaN));
    }
    if (load.length > 0) {
      figures.push(figure('Cold start', 'new process loads the bundle', 'ms', load, { note: 'goal at most 250 ms', baseline: { name: 'new process, empty script', perRun: bare.filter((v) => !Number.isNaN(v)) } }));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const stack: number[] = [];
  const baseline: number[] = [];
  for (let run = 1; run <= options.runs; run++) {
    let mailOutbox = '';
    stack.push(
      await timeToFirstResponse((port) => {
        const spawned = spawnStack(port);
        mailOutbox = spawned.mailOutbox;
        return spawned.child;
      }, '/api/health'),
    );
    rmSync(mailOutbox, { recursive: true, force: true });
    baseline.push(await timeToFirstResponse(bareNode, '/'));
    progress(`cold start run ${run}/${options.runs}: local stack answered after ${stack.at(-1)!.toFixed(0)} ms (bare Node ${baseline.at(-1)!.toFixed(0)} ms)`);
  }
  figures.push(
    figure('Cold start', 'local stack: spawn -> first 200 of /api/health', 'ms', stack, {
      baseline: { name: 'bare Node HTTP server', perRun: baseline },
      note: 'includes starting the local Cosmos server, the Service Bus emulator and seeding the directory, which Azure does not do per cold start',
    }),
  );
  return figures;
}
