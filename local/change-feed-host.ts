// The Cosmos DB triggers of the local stack, run as the Functions host runs them: each function
// reads its container's change feed (latest version) through the SDK's pull model, hands every
// page to the function's handler, and moves its lease on only after the handler succeeded. A
// failing handler gets the same page again, with a growing pause, as the retry policy the Azure
// declaration sets (shared/host/functions.ts, changeFeedFunction): nothing is skipped.
import { randomUUID } from 'node:crypto';
import { InvocationContextClass, type ChangeFeedFunctionDeclaration } from '../shared/host/functions';
import type { ChangeFeedReader } from '../shared/store/cosmos';
import { logLine } from './log-lines';

/** What the host needs of the store: the tickets' feed and a place to keep each reader's position. */
export interface ChangeFeedSource {
  ticketChanges(continuation: string | null): ChangeFeedReader;
  feedLeases: { get(id: string): Promise<string | null>; put(id: string, continuation: string): Promise<void> };
}

/**
 * Locally the feed is looked at every 100 ms, so an event reaches the bus well within a second of
 * its write; Azure's trigger waits the declaration's `pollDelayMs` (README, "Events").
 */
const LOCAL_POLL_MS = 100;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startChangeFeeds(options: {
  source: ChangeFeedSource;
  functions: readonly ChangeFeedFunctionDeclaration[];
  log: (line: string) => void;
  pollMs?: number;
}): { stop(): Promise<void> } {
  let running = true;
  const loops = options.functions.map(async (fn) => {
    if (fn.container !== 'tickets') throw new Error(`${fn.name}: the local change-feed host reads only the tickets container`);
    const leaseId = `local.${fn.name}`;
    let reader: ChangeFeedReader | null = null;
    let failures = 0;
    const pause = () => sleep(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(failures++, 8)));
    while (running) {
      let page: Awaited<ReturnType<ChangeFeedReader['next']>>;
      try {
        reader ??= options.source.ticketChanges(await options.source.feedLeases.get(leaseId));
        page = await reader.next();
      } catch (err) {
        // The store is away: start again from the lease once it is back.
        options.log(`[${fn.name}] reading the change feed failed; retrying: ${(err as Error).message}`);
        reader = null;
        await pause();
        continue;
      }
      if (page.documents.length === 0) {
        failures = 0;
        await sleep(options.pollMs ?? LOCAL_POLL_MS);
        continue;
      }
      // The same page until the handler takes it, as with Azure's retry policy.
      for (;;) {
        const context = new InvocationContextClass({
          invocationId: randomUUID(),
          functionName: fn.name,
          logHandler: (level, ...args) => (level === 'error' || level === 'warning' ? console.error : logLine)(`[${fn.name}]`, ...args),
        });
        try {
          await fn.handler(page.documents, context);
          failures = 0;
          break;
        } catch (err) {
          options.log(`[${fn.name}] a batch of ${page.documents.length} change(s) failed; it will be retried: ${(err as Error).message}`);
          if (!running) return;
          await pause();
        }
      }
      if (page.continuation === null) continue;
      try {
        await options.source.feedLeases.put(leaseId, page.continuation);
      } catch (err) {
        // Not kept: after a restart this page is read again and its events re-sent (harmless:
        // the bus drops a message id it has seen).
        options.log(`[${fn.name}] keeping the lease failed: ${(err as Error).message}`);
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.allSettled(loops);
    },
  };
}
