// Starts the local help desk as a real child process (`node dist/local/start.js`), as a user
// would, on free ports, and talks to it over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../shared/auth/jwt';
import { LOCAL_DEFAULTS } from '../../local/settings';

const ROOT = join(__dirname, '..', '..');

export interface Stack {
  baseUrl: string;
  dataDir: string | null;
  /** Where this stack writes every e-mail as .eml. */
  mailOutbox: string;
  /** The local Service Bus emulator's connection string. */
  serviceBus: string;
  /** The help-desk secret this stack runs with (HELPDESK_SECRET); null when it keeps its own in its data folder. */
  helpdeskSecret: string | null;
  output: () => string;
  /** Graceful stop (SIGTERM), as Ctrl+C would. */
  stop(): Promise<void>;
  /** Sudden death (SIGKILL): nothing gets to flush. */
  kill(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'helpdesk-data-'));
}

/**
 * A stack on free ports. It gets a help-desk secret of its own in HELPDESK_SECRET (a test can then
 * look for it, e.g. in the logs), unless `env` gives one: pass the first stack's to a second host
 * on the same stores, as two Azure instances share the vault's; pass '' for the data folder's.
 */
export async function startStack(opts: { dataDir?: string | null; args?: string[]; env?: Record<string, string>; mailOutbox?: string } = {}): Promise<Stack> {
  const dataDir = opts.dataDir === undefined ? null : opts.dataDir;
  const helpdeskSecret = opts.env?.['HELPDESK_SECRET'] ?? randomBytes(32).toString('base64url');
  const mailOutbox = opts.mailOutbox ?? mkdtempSync(join(tmpdir(), 'helpdesk-mail-'));
  const args = [
    'dist/local/start.js',
    ...['--port', '0', '--cosmos-port', '0', '--servicebus-port', '0', '--blob-port', '0', '--imap-port', '0', '--mail-outbox', mailOutbox],
    ...(dataDir ? ['--data-dir', dataDir] : ['--memory']),
    ...(opts.args ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env, HELPDESK_SECRET: helpdeskSecret } });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack did not start in time:\n${out}`)), 30_000);
    const check = () => {
      const m = /Help desk API: http:\/\/localhost:(\d+)\/api/.exec(out);
      if (m && out.includes('Ready.')) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}/api`);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited with ${code}:\n${out}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const serviceBus = /Service Bus: (\S+)/.exec(out)?.[1] ?? '';
  return { baseUrl, dataDir, mailOutbox, serviceBus, helpdeskSecret: helpdeskSecret || null, output: () => out, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

export function agentToken(email: string): Promise<string> {
  return issueDevToken(LOCAL_DEFAULTS.DEV_TOKEN_SECRET, email);
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client for the tests: JSON in, JSON (or text) out, never throws on a status. */
export function client(baseUrl: string) {
  const call = async <T = any>(method: string, path: string, init: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token) headers['authorization'] = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
  return {
    get: <T = any>(path: string, init?: Parameters<typeof call>[2]) => call<T>('GET', path, init),
    post: <T = any>(path: string, body?: unknown, init?: Parameters<typeof call>[2]) => call<T>('POST', path, { ...init, body }),
    patch: <T = any>(path: string, body?: unknown, init?: Parameters<typeof call>[2]) => call<T>('PATCH', path, { ...init, body }),
    call,
  };
}
