// Reading what the help desk would have sent: the .eml files of a stack's mail outbox, parsed
// with a real MIME parser.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  file: string;
  to: string;
  from: string;
  subject: string;
  messageId: string;
  date: Date | undefined;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export async function readOutbox(dir: string): Promise<ReceivedMail[]> {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const m = await simpleParser(readFileSync(join(dir, file)));
      const address = (v: typeof m.to) => (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? '')).join(', ');
      return {
        file,
        to: address(m.to),
        from: address(m.from),
        subject: m.subject ?? '',
        messageId: m.messageId ?? '',
        date: m.date,
        text: m.text ?? '',
        html: typeof m.html === 'string' ? m.html : '',
        attachments: m.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
      };
    }),
  );
}

/** Waits (bounded) until the outbox holds mail matching the predicate, and returns all of it. */
export async function waitForMail(dir: string, predicate: (all: ReceivedMail[]) => boolean, timeoutMs = 10_000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await readOutbox(dir);
    if (predicate(all)) return all;
    if (Date.now() > deadline) throw new Error(`timed out waiting for mail; the outbox holds:\n${all.map((m) => `${m.to}: ${m.subject}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls a condition (bounded), for things that happen on their own, like an SLA timer. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The quiet period after an outcome was seen, before looking again for late duplicates. */
export const QUIET_MS = 1_500;
export const quietPeriod = (ms = QUIET_MS) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until a log (a stack's output) matches, and returns every match. */
export async function waitForLog(output: () => string, pattern: RegExp, count = 1, timeoutMs = 15_000): Promise<RegExpExecArray[]> {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const found = await eventually(async () => [...output().matchAll(global)], (m) => m.length >= count, timeoutMs);
  return found;
}

/**
 * The mail as the local stack's trusted receiving service would hand it on: with its
 * Authentication-Results on top saying DMARC passed for the From domain (issue 18). Without it a
 * reply is not authentic and opens a ticket of its own.
 */
export function receivedAuthentic<T extends string | Buffer>(raw: T, authservId = 'localhost'): T {
  const text: string = Buffer.isBuffer(raw) ? raw.toString('latin1') : (raw as string);
  const headerEnd = text.search(/\r?\n\r?\n/);
  const from = /^From:[^\n]*?@([A-Za-z0-9.-]+)/im.exec(headerEnd < 0 ? text : text.slice(0, headerEnd));
  if (!from) throw new Error('receivedAuthentic: the mail has no From address');
  const received = `Authentication-Results: ${authservId}; dkim=pass header.d=${from[1]}; dmarc=pass header.from=${from[1]}\r\n${text}`;
  return (Buffer.isBuffer(raw) ? Buffer.from(received, 'latin1') : received) as T;
}

/**
 * The token of the link e-mailed to the requester for this ticket (the auto-response's), as the
 * customer would click it: it proves the address and opens the whole public thread.
 */
export async function emailedToken(outboxDir: string, number: string): Promise<string> {
  const isAutoResponse = (m: ReceivedMail) => m.subject.startsWith(`[#${number}] We received your request`);
  const [mail] = (await waitForMail(outboxDir, (all) => all.some(isAutoResponse))).filter(isAutoResponse);
  const token = new RegExp(`#ticket=${number}&token=([A-Za-z0-9_%-]+)`).exec(mail!.text)?.[1];
  if (!token) throw new Error(`no access link in the auto-response of #${number}`);
  return decodeURIComponent(token);
}
