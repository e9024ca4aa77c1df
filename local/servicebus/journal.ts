// Durable state: an append-only JSON-lines journal. Every change is written with a synchronous
// write before the client is told it happened, so a crash (even SIGKILL) loses nothing that was
// acknowledged; the OS has the bytes. (There is no fsync per write: surviving power loss is not a
// goal of a local emulator, and an fsync per send would make it slow.) On start the journal is
// replayed, a torn last line is dropped, and the file is rewritten compactly.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Where a stored message lives: an active/deferred message in a queue, or a scheduled one on its target. */
export type JournalRecord =
  /** Upserts a message (by sequence number) into queue `q` (a queue, subscription or DLQ key). */
  | { op: 'put'; seq: number; q: string; at: number; dc: number; st: 'a' | 'd'; raw: string; dls?: string }
  /** Upserts a scheduled message on send target `t` (queue or topic key), due at `due`. */
  | { op: 'sched'; seq: number; t: string; at: number; due: number; raw: string }
  | { op: 'del'; seq: number }
  /** Delivery count after a delivery. */
  | { op: 'dc'; seq: number; dc: number }
  /** State change (defer). */
  | { op: 'st'; seq: number; st: 'a' | 'd' }
  /** A message id seen on target `t`, remembered for duplicate detection until `exp`. */
  | { op: 'id'; t: string; id: string; exp: number }
  /** The highest sequence number ever issued, so numbers are never reused after compaction. */
  | { op: 'seq'; n: number };

export type StoredRecord = Extract<JournalRecord, { op: 'put' } | { op: 'sched' }>;

export interface JournalState {
  messages: Map<number, StoredRecord>;
  ids: Map<string, Map<string, number>>; // target key -> message id -> expiry
  lastSeq: number;
  /** Lines that could not be parsed (a torn tail after a crash). */
  skipped: number;
}

export function emptyState(): JournalState {
  return { messages: new Map(), ids: new Map(), lastSeq: 0, skipped: 0 };
}

export function applyRecord(state: JournalState, r: JournalRecord): void {
  switch (r.op) {
    case 'put':
    case 'sched':
      state.messages.set(r.seq, r);
      state.lastSeq = Math.max(state.lastSeq, r.seq);
      break;
    case 'del':
      state.messages.delete(r.seq);
      break;
    case 'dc': {
      const m = state.messages.get(r.seq);
      if (m?.op === 'put') m.dc = r.dc;
      break;
    }
    case 'st': {
      const m = state.messages.get(r.seq);
      if (m?.op === 'put') m.st = r.st;
      break;
    }
    case 'id': {
      let ids = state.ids.get(r.t);
      if (!ids) state.ids.set(r.t, (ids = new Map()));
      ids.set(r.id, r.exp);
      break;
    }
    case 'seq':
      state.lastSeq = Math.max(state.lastSeq, r.n);
      break;
  }
}

function isRecord(v: unknown): v is JournalRecord {
  return typeof v === 'object' && v !== null && typeof (v as { op?: unknown }).op === 'string';
}

export function replay(text: string): JournalState {
  const state = emptyState();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      state.skipped++;
      continue;
    }
    if (isRecord(parsed)) applyRecord(state, parsed);
    else state.skipped++;
  }
  return state;
}

export interface Journal {
  append(records: JournalRecord[]): void;
  close(): void;
}

/** A journal that keeps nothing, for memory-only emulators. */
export const NO_JOURNAL: Journal = { append: () => undefined, close: () => undefined };

const FILE = 'servicebus-journal.jsonl';

/**
 * Loads the journal in `dataDir`, compacts it (current state only, expired duplicate-detection
 * ids dropped) and opens it for appending.
 */
export function openJournal(dataDir: string, now: number): { journal: Journal; state: JournalState } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, FILE);
  const state = existsSync(file) ? replay(readFileSync(file, 'utf8')) : emptyState();

  const compact: JournalRecord[] = [{ op: 'seq', n: state.lastSeq }];
  for (const m of [...state.messages.values()].sort((a, b) => a.seq - b.seq)) compact.push(m);
  for (const [t, ids] of state.ids) {
    for (const [id, exp] of ids) {
      if (exp > now) compact.push({ op: 'id', t, id, exp });
      else ids.delete(id);
    }
  }
  // Write the compacted journal beside the old one and swap, so a crash here leaves one intact.
  const tmp = `${file}.tmp`;
  const tfd = openSync(tmp, 'w');
  writeSync(tfd, compact.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fsyncSync(tfd);
  closeSync(tfd);
  renameSync(tmp, file);

  let fd: number | undefined = openSync(file, 'a');
  const journal: Journal = {
    append(records) {
      if (fd === undefined || records.length === 0) return;
      writeSync(fd, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    },
    close() {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
    },
  };
  return { journal, state };
}
