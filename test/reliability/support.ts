// Small helpers the reliability tests share: a request that never throws, customer bodies, and a
// fast count of the customer auto-responses in a mail outbox (header scan, no MIME parsing, since
// these tests produce thousands of messages).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many shapes; each test asserts what it reads
}

export async function request(api: string, method: string, path: string, init: { json?: unknown; raw?: string | Buffer; token?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  let body: string | Buffer | undefined = init.raw;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  try {
    // Bytes as a fresh Uint8Array: fetch's types want an ArrayBuffer-backed view, not a pooled Buffer.
    const payload = body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) };
    const res = await fetch(`${api}${path}`, { method, headers, ...payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  } catch (err) {
    // The connection itself failed: status 0, so a test can tell it from any HTTP answer.
    return { status: 0, headers: new Headers(), body: { error: { code: 'connection_failed', message: (err as Error).message } } };
  }
}

export const customerBody = (i: number | string, extra: Record<string, unknown> = {}) => ({
  name: `Customer ${i}`,
  email: `customer-${i}@example.org`,
  topicId: 'other',
  subject: `Reliability ticket ${i}`,
  message: 'The printer on floor 3 jams on every second page.',
  ...extra,
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ticket numbers ([#123456] in the subject) of every e-mail sent to a customer (@example.org), with counts. */
export function customerMailNumbers(outbox: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!existsSync(outbox)) return counts;
  for (const file of readdirSync(outbox)) {
    if (!file.endsWith('.eml')) continue;
    const raw = readFileSync(join(outbox, file), 'utf8');
    const end = raw.search(/\r?\n\r?\n/);
    const head = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
    const to = /^To:(.*)$/im.exec(head)?.[1] ?? '';
    const number = /^Subject:.*\[#(\d+)\]/im.exec(head)?.[1];
    if (number && /@example\.org/i.test(to)) counts.set(number, (counts.get(number) ?? 0) + 1);
  }
  return counts;
}

/** Polls (bounded) until `done`; returns the last value either way, so the assertion shows what was missing. */
export async function waitFor<T>(probe: () => T | Promise<T>, done: (v: T) => boolean, timeoutMs: number, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v) || Date.now() > deadline) return v;
    await sleep(everyMs);
  }
}
