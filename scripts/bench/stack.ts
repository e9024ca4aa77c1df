// The local help desk as a separate process (`node dist/local/start.js`), as a user runs it, so the
// load generator in this process never shares an event loop with the functions it measures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../shared/auth/jwt';
import { LOCAL_DEFAULTS, PROJECT_ROOT } from '../../local/settings';

/** Requests the local stores served since they started, counted where they arrive. */
/** How long the stack must stay quiet to count as settled: beyond the change-feed host's 100 ms poll. */
const QUIET_MS = 250;

/** Every document write the local Cosmos server has answered, all containers together. */
const writes = (c: StoreCounts): number => Object.values(c.cosmos.writes).reduce((n, k) => n + k, 0);

export interface StoreCounts {
  cosmos: { writes: Record<string, number>; reads: number };
  bus: { sends: number; pending: number };
}

export interface BenchStack {
  /** http://127.0.0.1:<port>/api */
  api: string;
  cosmosEndpoint: string;
  serviceBus: string;
  /** Azurite's blob endpoint, http://127.0.0.1:<port>/devstoreaccount1 */
  blobEndpoint: string;
  mailOutbox: string;
  output(): string;
  /** CPU milliseconds (user + system) the function app's two processes have used: what Azure bills. */
  hostCpuMs(): Promise<number>;
  /** What the stores' process has served. */
  storeCounts(): Promise<StoreCounts>;
  /** Resolves once every message sent so far is settled (mail written, timers scheduled), with the ms until it first was (±10 ms). */
  settled(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (for measuring time-to-first-response from the spawn on). */
export { freePort } from '../../local/free-port';

export function spawnStack(apiPort: number | 0 = 0): { child: ChildProcess; mailOutbox: string; output: () => string } {
  const mailOutbox = mkdtempSync(join(tmpdir(), 'helpdesk-bench-mail-'));
  const { child, output } = spawnLocal(['--memory', '--port', String(apiPort), '--cosmos-port', '0', '--servicebus-port', '0', '--blob-port', '0', '--imap-port', '0', '--mail-outbox', mailOutbox]);
  return { child, mailOutbox, output };
}

/** `node dist/local/start.js <args>` with an IPC channel (for the CPU and request counts). */
function spawnLocal(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['dist/local/start.js', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, ...env } });
  let out = '';
  // Keep only the tail: a long benchmark logs a line per request.
  const append = (c: Buffer) => {
    out += c.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  return { child, output: () => out };
}

function ready(child: ChildProcess, output: () => string, what: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 60 s:\n${output().slice(-2000)}`)), 60_000);
    const check = () => {
      if (output().includes('Ready.')) {
        clearTimeout(timer);
        resolve(output());
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output().slice(-2000)}`));
    });
  });
}

/** One question over the IPC channel at a time, answered by the child's next message. */
function asker(child: ChildProcess): <T>(question: string) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(question: string) => {
    const next = chain.then(
      () =>
        new Promise<T>((resolve, reject) => {
          child.once('message', (m: unknown) => (m && typeof m === 'object' && 'error' in m ? reject(new Error(String((m as { error: unknown }).error))) : resolve(m as T)));
          child.send(question);
        }),
    );
    chain = next.catch(() => undefined);
    return next;
  };
}

/**
 * The stack as three processes, as in Azure: the local Cosmos DB, Service Bus and Blob Storage in
 * one (`--cosmos-only`), the function app in two (`--host-only`): the HTTP functions in one
 * (`--functions http`), the Service Bus triggers, timers and change feed in the other
 * (`--functions triggers`). Flex Consumption scales the HTTP functions as one group and every
 * other function on instances of its own (learn.microsoft.com/azure/azure-functions/
 * flex-consumption-plan, "Per-function scaling"), so an e-mail being composed never holds up a
 * request's event loop there either. The host CPU figures add both processes: the app's alone.
 */
export async function startBenchStack(options: { env?: Record<string, string>; triggersYield?: boolean } = {}): Promise<BenchStack> {
  const mailOutbox = mkdtempSync(join(tmpdir(), 'helpdesk-bench-mail-'));
  // Both processes read the local mailbox secrets from one folder (each would make its own with --memory).
  const mailboxSecrets = mkdtempSync(join(tmpdir(), 'helpdesk-bench-mailbox-secrets-'));
  const env = { MAILBOX_SECRETS_DIR: mailboxSecrets, ...options.env };
  const stores = spawnLocal(['--cosmos-only', '--memory', '--cosmos-port', '0', '--servicebus-port', '0', '--blob-port', '0', '--imap-port', '0', '--mail-outbox', mailOutbox], env);
  const children = [stores.child];
  // The host first, while the stores it closes its connections to are still there (stopped
  // together, the host waited on a dead Service Bus); a process that ignores SIGTERM for 15 s is killed.
  const stopOne = async (c: ChildProcess) => {
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const stopAll = async () => {
    for (const c of [...children].reverse()) await stopOne(c);
    rmSync(mailOutbox, { recursive: true, force: true });
    rmSync(mailboxSecrets, { recursive: true, force: true });
  };
  try {
    const storesOut = await ready(stores.child, stores.output, 'the local stores');
    const cosmos = /Cosmos DB:\s+(http:\/\/\S+)/.exec(storesOut);
    const bus = /Service Bus: (\S+)/.exec(storesOut);
    const blob = /Blob Storage: (\S+)/.exec(storesOut);
    if (!cosmos || !bus || !blob) throw new Error(`could not read the endpoints from the stores' output:\n${storesOut}`);
    const storeArgs = ['--cosmos-endpoint', cosmos[1]!, '--servicebus-connection', bus[1]!, '--blob-endpoint', blob[1]!, '--mail-outbox', mailOutbox];
    const host = spawnLocal(['--host-only', '--functions', 'http', '--port', '0', ...storeArgs], env);
    children.push(host.child);
    const hostOut = await ready(host.child, host.output, 'the function host (HTTP)');
    const api = /Help desk API: http:\/\/localhost:(\d+)\/api/.exec(hostOut);
    if (!api) throw new Error(`could not read the API's address from the host's output:\n${hostOut}`);
    // The links in e-mails point at the API, which this process does not serve.
    const triggers = spawnLocal(['--host-only', '--functions', 'triggers', ...storeArgs], { ...env, PUBLIC_BASE_URL: `http://localhost:${api[1]}` });
    children.push(triggers.child);
    // triggersYield: the triggers' process at the lowest CPU priority, so on these shared cores it
    // runs on what the requests leave, as on instances of its own in Azure. Its work is not
    // dropped: the sustained rate and the host CPU still wait for every message to be settled.
    if (options.triggersYield) setPriority(triggers.child.pid!, 19);
    await ready(triggers.child, triggers.output, 'the function host (triggers)');
    const askHost = asker(host.child);
    const askTriggers = asker(triggers.child);
    const askStores = asker(stores.child);
    const storeCounts = () => askStores<StoreCounts>('counts');
    return {
      api: `http://127.0.0.1:${api[1]}/api`,
      cosmosEndpoint: cosmos[1]!,
      serviceBus: bus[1]!,
      blobEndpoint: blob[1]!,
      mailOutbox,
      output: () => `${stores.output()}\n${host.output()}\n${triggers.output()}`,
      hostCpuMs: async () => {
        const both = await Promise.all([askHost<{ cpu: NodeJS.CpuUsage }>('cpu'), askTriggers<{ cpu: NodeJS.CpuUsage }>('cpu')]);
        return both.reduce((ms, { cpu }) => ms + (cpu.user + cpu.system) / 1000, 0);
      },
      storeCounts,
      settled: async (timeoutMs = 60_000) => {
        const started = performance.now();
        // Quiet for longer than the change-feed host's poll (100 ms): a ticket written but not yet
        // read from the feed has sent nothing, and a handler between settling one message and
        // sending the next (an event's handler scheduling a timer) is caught too. Quiet means no
        // message pending, no send and no document written since the last look.
        let quietFrom: number | null = null;
        let quietSince = 0;
        let last = await storeCounts();
        for (;;) {
          if (performance.now() - started > timeoutMs) throw new Error(`messages still unsettled after ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 10));
          const now = await storeCounts();
          const calm = now.bus.pending === 0 && now.bus.sends === last.bus.sends && writes(now) === writes(last);
          last = now;
          if (!calm) quietFrom = null;
          else if (quietFrom === null) {
            quietFrom = performance.now();
            quietSince = quietFrom - started;
          } else if (performance.now() - quietFrom >= QUIET_MS) return quietSince;
        }
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

export function agentToken(email: string): Promise<string> {
  return issueDevToken(LOCAL_DEFAULTS.DEV_TOKEN_SECRET, email);
}

export interface Reply<T> {
  status: number;
  body: T;
  ms: number;
}

/** One JSON request, timed from send to the last byte of the answer. Never throws on a status. */
export async function call<T = unknown>(api: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const started = performance.now();
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T, ms };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The body a customer sends; `i` keeps subjects apart. */
export function newTicketBody(i: number, topicId = 'other'): { name: string; email: string; topicId: string; subject: string; message: string } {
  return {
    name: `Bench Customer ${i}`,
    email: `customer${i}@example.org`,
    topicId,
    subject: `Benchmark ticket ${i}: the printer on floor 3 jams`,
    message: 'It jams on every second page since this morning. '.repeat(4).trim(),
  };
}

export interface Created {
  number: string;
  accessToken: string;
  dueAt: string | null;
}

export function expectStatus<T>(reply: Reply<T>, status: number, what: string): Reply<T> {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  return reply;
}
