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
