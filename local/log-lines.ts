// The lines the local host logs per request or per message, written a batch at a time. On a pipe
// (benchmarks and tests read the host's output through one) Node writes stdout synchronously, so a
// line per request cost a system call, and a wake-up of the reader, per request: more than the
// rest of the local host's own work for a request. Lines wait at most FLUSH_MS; whatever waits
// is written when the process exits.
import { writeSync } from 'node:fs';
import { format } from 'node:util';

const FLUSH_MS = 25;
let pending: string[] = [];
let timer: NodeJS.Timeout | null = null;

function take(): string {
  const text = pending.join('\n');
  pending = [];
  return text;
}

function flush(): void {
  timer = null;
  if (pending.length > 0) console.log(take());
}

process.on('exit', () => {
  if (pending.length > 0) writeSync(1, `${take()}\n`);
});

/** console.log's formatting, written with the other lines of the next FLUSH_MS. */
export function logLine(...args: unknown[]): void {
  pending.push(format(...args));
  timer ??= setTimeout(flush, FLUSH_MS);
}
