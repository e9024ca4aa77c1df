// The local Cosmos DB: @vercel/cosmosdb-server on loopback, made durable. The server keeps
// everything in memory, so every successful write it answers is appended to a journal first
// (before the client sees the response), and on start the journal is folded and replayed.
//
// Ordering: the server mutates and answers within one chain of microtasks per request, so the
// order of journal lines is the order of the mutations.
//
// The change feed (latest-version mode), which the server lacks, is added here: every answered
// document write gets the next log sequence number, and a read of a container's documents with
// `A-IM: Incremental Feed` is answered from those numbers as Cosmos DB answers it: each changed
// item once, in its newest version, in LSN order, with the LSN to continue from as the ETag and
// 304 when nothing changed (learn.microsoft.com/rest/api/cosmos-db/list-documents: A-IM,
// If-None-Match; the SDK's pull model sends exactly these, @azure/cosmos ChangeFeedForEpkRange).
// The numbers are journaled with the documents, so a continuation survives a restart.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHttpServer } from '@vercel/cosmosdb-server';

type Doc = Record<string, unknown> & { id: string };

const REPLAY_HEADER = 'x-local-journal-replay';
/** On replay, the LSN the document had, so continuations taken before a restart stay valid. */
const LSN_HEADER = 'x-local-lsn';

type JournalRecord =
  | { op: 'db'; doc: Doc }
  | { op: 'coll'; db: string; doc: Doc }
  | { op: 'put'; db: string; coll: string; doc: Doc; lsn?: number }
  | { op: 'del'; db: string; coll: string; id: string; pk: string | null }
  | { op: 'dropdb'; db: string }
  | { op: 'dropcoll'; db: string; coll: string };

/** Requests served since start, for the benchmarks' round trips per action. */
export interface CosmosRequestCounts {
  /** Document writes (create, upsert, replace, patch, delete) per container id. */
  writes: Record<string, number>;
  /** Everything else: point reads, queries, metadata reads. */
  reads: number;
}

export interface LocalCosmos {
  endpoint: string;
  port: number;
  counts(): CosmosRequestCounts;
  /** Stops accepting requests; the journal already holds every write that was answered. */
  stop(): Promise<void>;
}

export interface LocalCosmosOptions {
  port: number;
  host?: string;
  /** Where the journal lives; null keeps nothing (tests that want a clean, throw-away store). */
  dataDir: string | null;
  log?: (line: string) => void;
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_ts', '_attachments', '_docs', '_sprocs', '_triggers', '_udfs', '_conflicts'];

function clean(doc: Doc): Doc {
  const copy: Doc = { ...doc };
  for (const f of SYSTEM_FIELDS) delete copy[f];
  return copy;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The container a document write goes to, or null for reads, queries and everything else. */
function writtenContainer(req: IncomingMessage): string | null {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return null;
  if (/query\+json/i.test(headerValue(req, 'content-type') ?? '') || /true/i.test(headerValue(req, 'x-ms-documentdb-isquery') ?? '')) return null;
  const s = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+|\/+$/g, '').split('/');
  return s.length >= 5 && s[0] === 'dbs' && s[2] === 'colls' && s[4] === 'docs' ? s[3]! : null;
}

/** Which write a request is, from its method, path and headers; null for reads and queries. */
function classify(req: IncomingMessage): ((body: unknown) => JournalRecord | null) | null {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return null;
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+|\/+$/g, '');
  const s = path.split('/');
  const isQuery = /query\+json/i.test(headerValue(req, 'content-type') ?? '') || /true/i.test(headerValue(req, 'x-ms-documentdb-isquery') ?? '');
  if (isQuery) return null;
  const asDoc = (body: unknown) => (body && typeof body === 'object' && 'id' in body ? (body as Doc) : null);
  if (method === 'POST' && s.length === 1 && s[0] === 'dbs') return (b) => (asDoc(b) ? { op: 'db', doc: asDoc(b)! } : null);
  if (method === 'POST' && s.length === 3 && s[2] === 'colls') return (b) => (asDoc(b) ? { op: 'coll', db: s[1]!, doc: asDoc(b)! } : null);
  if (method === 'DELETE' && s.length === 2) return () => ({ op: 'dropdb', db: s[1]! });
  if (method === 'DELETE' && s.length === 4 && s[2] === 'colls') return () => ({ op: 'dropcoll', db: s[1]!, coll: s[3]! });
  if (s.length >= 5 && s[0] === 'dbs' && s[2] === 'colls' && s[4] === 'docs') {
    const db = s[1]!;
    const coll = s[3]!;
    if (method === 'DELETE' && s.length === 6) {
      return () => ({ op: 'del', db, coll, id: s[5]!, pk: headerValue(req, 'x-ms-documentdb-partitionkey') ?? null });
    }
    if (/true/i.test(headerValue(req, 'x-ms-cosmos-is-batch-request') ?? '')) {
      throw new Error('Transactional batches are not persisted by the local stack; the code must not use them');
    }
    return (b) => (asDoc(b) ? { op: 'put', db, coll, doc: asDoc(b)! } : null);
  }
  return null;
}

interface CollState {
  def: Doc;
  docs: Map<string, Doc>;
  /** The LSN of each document's newest version, by the same key as `docs`. */
  lsns: Map<string, number>;
}

function partitionValue(def: Doc, doc: Doc): unknown {
  const pk = def['partitionKey'] as { paths?: string[] } | undefined;
  const path = pk?.paths?.[0] ?? '/id';
  return path
    .slice(1)
    .split('/')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), doc);
}

function docKey(id: string, partitionKey: unknown): string {
  return `${id}\u0000${JSON.stringify(partitionKey ?? null)}`;
}

/** Folds a journal into the latest state: databases, containers and their documents. */
export function foldJournal(lines: string[]): Map<string, { def: Doc; colls: Map<string, CollState> }> {
  const dbs = new Map<string, { def: Doc; colls: Map<string, CollState> }>();
  for (const line of lines) {
    if (!line.trim()) continue;
    let r: JournalRecord;
    try {
      r = JSON.parse(line) as JournalRecord;
    } catch {
      continue; // a line torn by a crash mid-write: everything before it is intact
    }
    if (r.op === 'db') dbs.set(r.doc.id, { def: clean(r.doc), colls: dbs.get(r.doc.id)?.colls ?? new Map() });
    else if (r.op === 'dropdb') dbs.delete(r.db);
    else {
      const db = dbs.get(r.db);
      if (!db) continue;
      if (r.op === 'coll') db.colls.set(r.doc.id, { def: clean(r.doc), docs: new Map(), lsns: new Map() });
      else if (r.op === 'dropcoll') db.colls.delete(r.coll);
      else {
        const coll = db.colls.get(r.coll);
        if (!coll) continue;
        if (r.op === 'put') {
          const key = docKey(r.doc.id, partitionValue(coll.def, r.doc));
          coll.docs.set(key, clean(r.doc));
          if (r.lsn !== undefined) coll.lsns.set(key, r.lsn);
        } else {
          const key = docKey(r.id, r.pk ? (JSON.parse(r.pk) as unknown[])[0] : r.id);
          coll.docs.delete(key);
          coll.lsns.delete(key);
        }
      }
    }
  }
  return dbs;
}

async function post(endpoint: string, path: string, body: unknown, restored?: { lsn: number | undefined; partitionKey: unknown }): Promise<void> {
  const res = await fetch(`${endpoint}/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ms-date': new Date().toUTCString(),
      authorization: 'local',
      [REPLAY_HEADER]: '1',
      ...(restored?.lsn !== undefined ? { [LSN_HEADER]: String(restored.lsn) } : {}),
      ...(restored ? { 'x-ms-documentdb-partitionkey': JSON.stringify([restored.partitionKey ?? null]) } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Restoring ${path} failed: ${res.status} ${await res.text()}`);
}

async function replay(endpoint: string, state: ReturnType<typeof foldJournal>): Promise<number> {
  let count = 0;
  for (const [dbId, db] of state) {
    await post(endpoint, 'dbs', db.def);
    for (const [collId, coll] of db.colls) {
      await post(endpoint, `dbs/${encodeURIComponent(dbId)}/colls`, coll.def);
      const docs = [...coll.docs.entries()];
      const path = `dbs/${encodeURIComponent(dbId)}/colls/${encodeURIComponent(collId)}/docs`;
      // A few requests at a time: fast enough for thousands of tickets, gentle on the event loop.
      for (let i = 0; i < docs.length; i += 16) {
        await Promise.all(docs.slice(i, i + 16).map(([key, d]) => post(endpoint, path, d, { lsn: coll.lsns.get(key), partitionKey: partitionValue(coll.def, d) })));
      }
      count += docs.length;
    }
  }
  return count;
}

/** A document's identity within its container: id and the partition key header the SDK sends. */
function feedKey(id: string, req: IncomingMessage): string {
  return `${id}\u0000${headerValue(req, 'x-ms-documentdb-partitionkey') ?? ''}`;
}

/** A read of a container's change feed: the container's path, when the request is one. */
function changeFeedRead(req: IncomingMessage): { coll: string } | null {
  if ((req.method ?? 'GET') !== 'GET' || !/^incremental feed$/i.test(headerValue(req, 'a-im') ?? '')) return null;
  const s = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+|\/+$/g, '').split('/');
  return s.length === 5 && s[0] === 'dbs' && s[2] === 'colls' && s[4] === 'docs' ? { coll: `${s[1]}/${s[3]}` } : null;
}

/**
 * The newest version of every document with the LSN of its last write, per container: what the
 * latest-version change feed serves. Deletes leave the feed, as in that mode. A page is found by
 * binary search in the LSN-ordered log (superseded entries skipped), so a poll of an idle feed
 * costs nothing however many documents the container holds.
 */
class ChangeLog {
  private lsn = 0;
  private readonly byColl = new Map<string, { latest: Map<string, { lsn: number; doc: Doc }>; log: { lsn: number; key: string }[] }>();

  private coll(path: string) {
    let c = this.byColl.get(path);
    if (!c) this.byColl.set(path, (c = { latest: new Map(), log: [] }));
    return c;
  }

  /** Records a write the server answered; returns its LSN (the replayed one on restore). */
  changed(record: { db: string; coll: string }, key: string, stored: Doc, replayedLsn?: number): number {
    const lsn = replayedLsn ?? ++this.lsn;
    this.lsn = Math.max(this.lsn, lsn);
    const c = this.coll(`${record.db}/${record.coll}`);
    c.latest.set(key, { lsn, doc: { ...stored, _lsn: lsn } });
    c.log.push({ lsn, key });
    // Superseded entries are dropped once they are most of the log.
    if (c.log.length > 1024 && c.log.length > 2 * c.latest.size) c.log = c.log.filter((e) => c.latest.get(e.key)?.lsn === e.lsn);
    return lsn;
  }

  deleted(record: { db: string; coll: string }, key: string): void {
    this.coll(`${record.db}/${record.coll}`).latest.delete(key);
  }

  /** After a restore, whose writes arrive out of order: the log in LSN order again. */
  settle(): void {
    for (const c of this.byColl.values()) c.log.sort((x, y) => x.lsn - y.lsn);
  }

  answer(read: { coll: string }, req: IncomingMessage, res: ServerResponse): void {
    const ifNoneMatch = headerValue(req, 'if-none-match');
    const since = headerValue(req, 'if-modified-since');
    const max = Number(headerValue(req, 'x-ms-max-item-count') ?? -1);
    // `*` starts from now; no condition from the beginning; otherwise the LSN a previous page ended at.
    const parsed = ifNoneMatch === '*' ? this.lsn : ifNoneMatch ? Number(ifNoneMatch.replace(/^W\//, '').replace(/"/g, '')) : 0;
    const after = Number.isFinite(parsed) ? parsed : 0;
    const sinceTs = since ? Date.parse(since) / 1000 : -Infinity;
    const { latest, log } = this.coll(read.coll);
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log[mid]!.lsn <= after) lo = mid + 1;
      else hi = mid;
    }
    const page: { lsn: number; doc: Doc }[] = [];
    for (let i = lo; i < log.length && !(max > 0 && page.length >= max); i++) {
      const entry = latest.get(log[i]!.key);
      if (entry?.lsn !== log[i]!.lsn || Number(entry.doc['_ts'] ?? 0) < sinceTs) continue;
      page.push(entry);
    }
    res.setHeader('x-ms-request-charge', '1');
    if (page.length === 0) {
      res.statusCode = 304;
      res.setHeader('etag', `"${ifNoneMatch === '*' ? this.lsn : after}"`);
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json');
    res.setHeader('etag', `"${page[page.length - 1]!.lsn}"`);
    res.setHeader('x-ms-item-count', String(page.length));
    res.end(JSON.stringify({ _rid: '', Documents: page.map((e) => e.doc), _count: page.length }));
  }
}

export async function startLocalCosmos(options: LocalCosmosOptions): Promise<LocalCosmos> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  // Keep-alive, as Cosmos DB's gateway keeps its connections: without it the server answered
  // `connection: close` and every SDK request paid a new TCP connection (about 6 per intake).
  const server: Server = createHttpServer({ keepAlive: true });
  // The SDK's agent keeps idle sockets without a timeout of its own, so an idle connection is
  // closed by this side only, after a while long enough that a request seldom meets the close.
  server.keepAliveTimeout = 120_000;
  const [handler] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (!handler) throw new Error('cosmosdb-server registered no request handler');
  server.removeAllListeners('request');

  let journalFd: number | null = null;
  // Until the journal is replayed the store is incomplete: clients get 503 (retry), never a
  // half-restored answer. The replay's own requests carry a header that lets them through.
  let restoring = true;
  const counts: CosmosRequestCounts = { writes: {}, reads: 0 };
  const feed = new ChangeLog();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const container = writtenContainer(req);
    if (container === null) counts.reads++;
    else counts.writes[container] = (counts.writes[container] ?? 0) + 1;
    if (restoring && req.headers[REPLAY_HEADER] === undefined) {
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-ms-retry-after-ms', '500');
      res.end(JSON.stringify({ code: 'ServiceUnavailable', message: 'The local Cosmos DB is restoring its data; try again shortly' }));
      return;
    }
    const feedRead = changeFeedRead(req);
    if (feedRead) return feed.answer(feedRead, req, res);
    let toRecord: ReturnType<typeof classify>;
    try {
      toRecord = classify(req);
    } catch (err) {
      res.statusCode = 400;
      res.end(JSON.stringify({ code: 'BadRequest', message: (err as Error).message }));
      return;
    }
    if (toRecord) {
      const replayedLsn = req.headers[REPLAY_HEADER] !== undefined ? Number(headerValue(req, LSN_HEADER) ?? NaN) : NaN;
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          let body: unknown = null;
          try {
            body = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? JSON.parse(chunk.toString()) : null;
          } catch {
            body = null;
          }
          const record = toRecord!(body);
          if (record?.op === 'put') record.lsn = feed.changed(record, feedKey(record.doc.id, req), body as Doc, Number.isFinite(replayedLsn) ? replayedLsn : undefined);
          if (record?.op === 'del') feed.deleted(record, feedKey(record.id, req));
          if (record && journalFd !== null) writeSync(journalFd, `${JSON.stringify(record)}\n`);
        }
        return end(chunk);
      }) as ServerResponse['end'];
    }
    handler(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host}:${port}`;

  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    const journal = join(options.dataDir, 'cosmos.jsonl');
    const previous = join(options.dataDir, 'cosmos.previous.jsonl');
    // A previous file left behind means the last compaction did not finish: it is the truth.
    if (!existsSync(previous) && existsSync(journal)) renameSync(journal, previous);
    const lines = existsSync(previous) ? readFileSync(previous, 'utf8').split('\n') : [];
    journalFd = openSync(journal, 'w');
    const restored = await replay(endpoint, foldJournal(lines));
    rmSync(previous, { force: true });
    feed.settle();
    if (restored > 0) log(`Restored ${restored} documents from ${journal}`);
  }
  restoring = false;

  return {
    endpoint,
    port,
    counts: () => structuredClone(counts),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        if (journalFd !== null) closeSync(journalFd);
        journalFd = null;
      }),
  };
}
