// The local help desk as a separate process (`node dist/local/start.js`), as a user runs it, so the
// load generator in this process never shares an event loop with the functions it measures.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../shared/auth/jwt';
import { LOCAL_DEFAULTS, PROJECT_ROOT } from '../../local/settings';

export interface BenchStack {
  /** http://127.0.0.1:<port>/api */
  api: string;
  cosmosEndpoint: string;
  serviceBus: string;
  /** Azurite's blob endpoint, http://127.0.0.1:<port>/devstoreaccount1 */
  blobEndpoint: string;
  mailOutbox: string;
  output(): string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (for measuring time-to-first-response from the spawn on). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function spawnStack(apiPort: number | 0 = 0): { child: ChildProcess; mailOutbox: string; output: () => string } {
  const mailOutbox = mkdtempSync(join(tmpdir(), 'helpdesk-bench-mail-'));
  const child = spawn(
    process.execPath,
    ['dist/local/start.js', '--memory', '--port', String(apiPort), '--cosmos-port', '0', '--servicebus-port', '0', '--blob-port', '0', '--mail-outbox', mailOutbox],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  // Keep only the tail: a long benchmark logs a line per request.
  const append = (c: Buffer) => {
    out += c.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  return { child, mailOutbox, output: () => out };
}

export async function startBenchStack(): Promise<BenchStack> {
  const { child, mailOutbox, output } = spawnStack();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local stack did not start in 60 s:\n${output().slice(-2000)}`)), 60_000);
    const check = () => {
      if (output().includes('Ready.')) {
        clearTimeout(timer);
        resolve(output());
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local stack exited with ${code}:\n${output().slice(-2000)}`));
    });
  });
  const api = /Help desk API: http:\/\/localhost:(\d+)\/api/.exec(ready);
  const cosmos = /Cosmos DB:\s+(http:\/\/\S+)/.exec(ready);
  const bus = /Service Bus: (\S+)/.exec(ready);
  const blob = /Blob Storage: (\S+)/.exec(ready);
  if (!api || !cosmos || !bus || !blob) throw new Error(`could not read the endpoints from the stack's output:\n${ready}`);
  return {
    api: `http://127.0.0.1:${api[1]}/api`,
    cosmosEndpoint: cosmos[1]!,
    serviceBus: bus[1]!,
    blobEndpoint: blob[1]!,
    mailOutbox,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(mailOutbox, { recursive: true, force: true });
    },
  };
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
