// The broker: Service Bus semantics over the in-memory queues — sequence numbers, peek-lock with
// lock expiry, abandon/defer/dead-letter, max delivery count, scheduled delivery on timers,
// duplicate detection, topic fan-out — with every change journaled before it becomes visible.
import { types } from 'rhea';
import {
  encodeForDelivery,
  parseMessage,
  scheduledEnqueueTime,
  serialiseMessage,
  withApplicationProperties,
  type ParsedMessage,
} from './amqp-message';
import { entityKey, parseAddress, subscriptionPath, deadLetterPath, type ParsedAddress, type ServiceBusEntities } from './entities';
import { BrokerError, lockLost } from './errors';
import type { Journal, JournalRecord, JournalState } from './journal';
import { newLockToken } from './lock-token';
import { MessageQueue, SendTarget, type Consumer, type ScheduledMessage, type StoredMessage } from './message-queue';
import type { Typed } from './rhea-internals';

export type Settlement =
  | { kind: 'complete' }
  | { kind: 'abandon'; properties?: Record<string, unknown> }
  | { kind: 'defer'; properties?: Record<string, unknown> }
  | { kind: 'deadletter'; reason?: string; description?: string; properties?: Record<string, unknown> };

/** Node timers take at most a signed 32-bit delay; longer schedules re-arm when they fire. */
const MAX_TIMER_MS = 2_147_483_647;

const MESSAGE_STATE = { active: 0, deferred: 1, scheduled: 2 } as const;

export class Broker {
  private readonly queues = new Map<string, MessageQueue>();
  private readonly targets = new Map<string, SendTarget>();
  private readonly locks = new Map<string, { queue: MessageQueue; msg: StoredMessage }>();
  private lastSeq: number;
  private stopped = false;
  /** Send and schedule requests served (one per transfer or $management call), for the benchmarks. */
  private sendRequests = 0;

  constructor(
    entities: ServiceBusEntities,
    private readonly journal: Journal,
    state: JournalState,
    private readonly log: (line: string) => void,
  ) {
    for (const q of entities.queues) {
      const dlq = new MessageQueue(entityKey(deadLetterPath(q.name)), deadLetterPath(q.name), Infinity, q.lockDurationMs, undefined);
      const queue = new MessageQueue(entityKey(q.name), q.name, q.maxDeliveryCount, q.lockDurationMs, dlq);
      this.queues.set(queue.key, queue).set(dlq.key, dlq);
      this.targets.set(queue.key, new SendTarget(queue.key, q.name, 'queue', [queue], q.duplicateDetectionWindowMs));
    }
    for (const t of entities.topics) {
      const subs = t.subscriptions.map((s) => {
        const path = subscriptionPath(t.name, s.name);
        const dlq = new MessageQueue(entityKey(deadLetterPath(path)), deadLetterPath(path), Infinity, s.lockDurationMs, undefined);
        const sub = new MessageQueue(entityKey(path), path, s.maxDeliveryCount, s.lockDurationMs, dlq);
        this.queues.set(sub.key, sub).set(dlq.key, dlq);
        return sub;
      });
      const key = entityKey(t.name);
      this.targets.set(key, new SendTarget(key, t.name, 'topic', subs, t.duplicateDetectionWindowMs));
    }
    this.lastSeq = state.lastSeq;
    this.restore(state);
  }

  // ---- addressing ----

  /** The queue, subscription or dead-letter queue a receiver address names. */
  receivable(address: ParsedAddress): MessageQueue | undefined {
    if (address.kind === 'entity') return this.queues.get(entityKey(address.path));
    if (address.kind === 'deadletter') return this.queues.get(entityKey(address.path))?.deadLetter;
    return undefined;
  }

  /** The queue or topic a sender address names. */
  sendTarget(address: ParsedAddress): SendTarget | undefined {
    return address.kind === 'entity' ? this.targets.get(entityKey(address.path)) : undefined;
  }

  /** Sends served, and messages enqueued in queues and subscriptions but not yet settled (not dead letters, not scheduled). */
  stats(): { sends: number; pending: number } {
    let pending = 0;
    for (const q of this.queues.values()) if (!q.isDeadLetterQueue) pending += q.messages.size;
    return { sends: this.sendRequests, pending };
  }

  // ---- sending ----

  /** Accepts messages sent to a queue or topic. Returns once they are journaled. */
  send(target: SendTarget, raws: Buffer[]): void {
    this.sendRequests++;
    const now = Date.now();
    const records: JournalRecord[] = [];
    const touched = new Set<MessageQueue>();
    const toArm: ScheduledMessage[] = [];
    for (const raw of raws) {
      const parsed = parseMessage(raw);
      if (this.rememberId(target, parsed, now, records)) continue;
      const due = scheduledEnqueueTime(parsed);
      if (due !== undefined && due > now) {
        toArm.push(this.addScheduled(target, parsed, now, due, records));
      } else {
        this.enqueue(target, parsed, now, records, touched);
      }
    }
    this.journal.append(records);
    for (const s of toArm) this.arm(target, s);
    for (const q of touched) this.pump(q);
  }

  /** com.microsoft:schedule-message: returns the sequence numbers to cancel by. */
  schedule(target: SendTarget, raws: Buffer[]): number[] {
    this.sendRequests++;
    const now = Date.now();
    const records: JournalRecord[] = [];
    const seqs: number[] = [];
    const toArm: ScheduledMessage[] = [];
    for (const raw of raws) {
      const parsed = parseMessage(raw);
      if (this.rememberId(target, parsed, now, records)) {
        // A duplicate is dropped as on send; answer with the original's number when it is still
        // pending, so a retried schedule can still be cancelled.
        const original = [...target.scheduled.values()].find((s) => s.parsed.messageId === parsed.messageId);
        seqs.push(original?.seq ?? ++this.lastSeq);
        continue;
      }
      const s = this.addScheduled(target, parsed, now, scheduledEnqueueTime(parsed) ?? now, records);
      seqs.push(s.seq);
      toArm.push(s);
    }
    if (!records.some((r) => r.op === 'sched')) records.push({ op: 'seq', n: this.lastSeq });
    this.journal.append(records);
    for (const s of toArm) this.arm(target, s);
    return seqs;
  }

  /** com.microsoft:cancel-scheduled-message. Unknown or already enqueued numbers are ignored. */
  cancelScheduled(target: SendTarget, seqs: number[]): void {
    const records: JournalRecord[] = [];
    for (const seq of seqs) {
      const s = target.scheduled.get(seq);
      if (!s) continue;
      clearTimeout(s.timer);
      target.scheduled.delete(seq);
      records.push({ op: 'del', seq });
    }
    this.journal.append(records);
  }

  /** True (and nothing stored) if the message id was seen on this target within its window. */
  private rememberId(target: SendTarget, parsed: ParsedMessage, now: number, records: JournalRecord[]): boolean {
    const id = parsed.messageId;
    if (id === undefined || target.duplicateDetectionWindowMs <= 0) return false;
    if (target.isDuplicate(id, now)) {
      this.log(`duplicate message id '${id}' on '${target.path}' dropped`);
      return true;
    }
    records.push({ op: 'id', t: target.key, id, exp: now + target.duplicateDetectionWindowMs });
    return false;
  }

  private addScheduled(target: SendTarget, parsed: ParsedMessage, now: number, due: number, records: JournalRecord[]): ScheduledMessage {
    const raw = serialiseMessage(parsed);
    const s: ScheduledMessage = { seq: ++this.lastSeq, parsed, raw, acceptedAt: now, due };
    target.scheduled.set(s.seq, s);
    records.push({ op: 'sched', seq: s.seq, t: target.key, at: now, due, raw: raw.toString('base64') });
    return s;
  }

  private enqueue(target: SendTarget, parsed: ParsedMessage, at: number, records: JournalRecord[], touched: Set<MessageQueue>): void {
    const raw = serialiseMessage(parsed);
    for (const q of target.queues) {
      const m: StoredMessage = { seq: ++this.lastSeq, parsed, raw, enqueuedAt: at, deliveryCount: 0, state: 'active' };
      q.add(m);
      records.push(putRecord(q, m));
      touched.add(q);
    }
  }

  private arm(target: SendTarget, s: ScheduledMessage): void {
    if (this.stopped) return;
    const delay = Math.min(Math.max(s.due - Date.now(), 0), MAX_TIMER_MS);
    s.timer = setTimeout(() => {
      if (target.scheduled.get(s.seq) !== s) return;
      if (Date.now() < s.due) this.arm(target, s);
      else this.activate(target, s);
    }, delay);
  }

  /** A scheduled message's time has come: it joins its queue, or every subscription of its topic. */
  private activate(target: SendTarget, s: ScheduledMessage): void {
    target.scheduled.delete(s.seq);
    const records: JournalRecord[] = [];
    const touched = new Set<MessageQueue>();
    const queue = target.kind === 'queue' ? target.queues[0] : undefined;
    if (queue) {
      // A queue keeps the number it handed out when scheduling, as Service Bus does.
      const m: StoredMessage = { seq: s.seq, parsed: s.parsed, raw: s.raw, enqueuedAt: s.due, deliveryCount: 0, state: 'active' };
      queue.add(m);
      records.push(putRecord(queue, m));
      touched.add(queue);
    } else {
      records.push({ op: 'del', seq: s.seq });
      this.enqueue(target, s.parsed, s.due, records, touched);
    }
    this.journal.append(records);
    for (const q of touched) this.pump(q);
  }

  // ---- delivering ----

  addConsumer(q: MessageQueue, c: Consumer): void {
    q.consumers.push(c);
    this.pump(q);
  }

  removeConsumer(q: MessageQueue, c: Consumer): void {
    q.removeConsumer(c);
  }

  /** Hands ready messages to consumers with credit. Called whenever either appears. */
  pump(q: MessageQueue): void {
    while (!this.stopped && q.hasReady()) {
      const c = q.pickConsumer();
      if (!c) return;
      const m = q.takeReady();
      if (!m) return;
      this.deliver(q, m, c);
    }
  }

  private deliver(q: MessageQueue, m: StoredMessage, c: Consumer): void {
    const prior = m.deliveryCount;
    m.deliveryCount++;
    if (c.receiveAndDelete) {
      q.remove(m.seq);
      this.journal.append([{ op: 'del', seq: m.seq }]);
      c.deliver(this.encode(m, prior, undefined), undefined);
      return;
    }
    this.journal.append([{ op: 'dc', seq: m.seq, dc: m.deliveryCount }]);
    const token = this.lock(q, m);
    const settleWire = c.deliver(this.encode(m, prior, m.lock?.until), token);
    if (m.lock && settleWire) m.lock.settleWire = settleWire;
  }

  private lock(q: MessageQueue, m: StoredMessage): string {
    if (m.lock) this.unlock(m);
    const token = newLockToken();
    const until = Date.now() + q.lockDurationMs;
    m.lock = { token, until, timer: setTimeout(() => this.lockExpired(q, m, token), q.lockDurationMs) };
    this.locks.set(token, { queue: q, msg: m });
    return token;
  }

  private unlock(m: StoredMessage): void {
    if (!m.lock) return;
    clearTimeout(m.lock.timer);
    this.locks.delete(m.lock.token);
    m.lock = undefined;
  }

  private lockExpired(q: MessageQueue, m: StoredMessage, token: string): void {
    if (m.lock?.token !== token) return;
    this.log(`lock on message ${m.seq} in '${q.path}' expired`);
    this.unlock(m);
    this.release(q, m);
  }

  /** A message whose lock ended without completion: back in line, or dead-lettered if out of tries. */
  private release(q: MessageQueue, m: StoredMessage): void {
    if (m.state === 'deferred' || !q.messages.has(m.seq)) return;
    if (m.deliveryCount >= q.maxDeliveryCount) {
      this.deadLetter(q, m, 'MaxDeliveryCountExceeded', `Message could not be consumed after ${q.maxDeliveryCount} delivery attempts.`, {});
      return;
    }
    q.markReady(m.seq);
    this.pump(q);
  }

  private deadLetter(q: MessageQueue, m: StoredMessage, reason: string | undefined, description: string | undefined, props: Record<string, unknown>): void {
    m.parsed = withApplicationProperties(m.parsed, { ...props, DeadLetterReason: reason, DeadLetterErrorDescription: description });
    m.raw = serialiseMessage(m.parsed);
    const dlq = q.deadLetter;
    if (!dlq) {
      // Already in a dead-letter queue: there is nowhere further to go, so it stays, ready again.
      m.state = 'active';
      this.journal.append([putRecord(q, m)]);
      q.markReady(m.seq);
      this.pump(q);
      return;
    }
    q.remove(m.seq);
    m.state = 'active';
    dlq.add(m);
    this.journal.append([putRecord(dlq, m)]);
    this.log(`message ${m.seq} dead-lettered from '${q.path}': ${reason ?? '(no reason)'}`);
    this.pump(dlq);
  }

  private encode(m: StoredMessage, deliveryCount: number, lockedUntil: number | undefined, state: keyof typeof MESSAGE_STATE = m.state): Buffer {
    const annotations: Record<string, Typed> = {
      'x-opt-sequence-number': types.wrap_long(m.seq),
      'x-opt-enqueued-time': types.wrap_timestamp(m.enqueuedAt),
    };
    if (lockedUntil !== undefined) annotations['x-opt-locked-until'] = types.wrap_timestamp(lockedUntil);
    if (state !== 'active') annotations['x-opt-message-state'] = types.wrap_int(MESSAGE_STATE[state]);
    return encodeForDelivery(m.parsed, deliveryCount, annotations);
  }

  // ---- settling ----

  /**
   * Settles a locked message by lock token (from a link disposition or $management). Throws
   * MessageLockLost if the lock expired or the message is gone. Returns the function that settles
   * the AMQP delivery that carried it, for callers settling from elsewhere.
   */
  settle(token: string, s: Settlement): (() => void) | undefined {
    const entry = this.locks.get(token);
    if (!entry || !entry.msg.lock || entry.msg.lock.until <= Date.now()) throw lockLost();
    const { queue: q, msg: m } = entry;
    const settleWire = m.lock?.settleWire;
    this.unlock(m);
    switch (s.kind) {
      case 'complete':
        q.remove(m.seq);
        this.journal.append([{ op: 'del', seq: m.seq }]);
        break;
      case 'abandon':
        this.modify(q, m, s.properties);
        this.release(q, m);
        break;
      case 'defer':
        m.state = 'deferred';
        this.modify(q, m, s.properties, { op: 'st', seq: m.seq, st: 'd' });
        break;
      case 'deadletter':
        this.deadLetter(q, m, s.reason, s.description, s.properties ?? {});
        break;
    }
    return settleWire;
  }

  /** Applies properties-to-modify (abandon/defer) and journals the change. */
  private modify(q: MessageQueue, m: StoredMessage, props: Record<string, unknown> | undefined, otherwise?: JournalRecord): void {
    if (props && Object.keys(props).length > 0) {
      m.parsed = withApplicationProperties(m.parsed, props);
      m.raw = serialiseMessage(m.parsed);
      this.journal.append([putRecord(q, m)]);
    } else if (otherwise) {
      this.journal.append([otherwise]);
    }
  }

  /** com.microsoft:renew-lock: the new locked-until time. */
  renewLock(token: string): number {
    const entry = this.locks.get(token);
    const lock = entry?.msg.lock;
    if (!entry || !lock || lock.until <= Date.now()) throw lockLost();
    const { queue: q, msg: m } = entry;
    clearTimeout(lock.timer);
    lock.until = Date.now() + q.lockDurationMs;
    lock.timer = setTimeout(() => this.lockExpired(q, m, token), q.lockDurationMs);
    return lock.until;
  }

  // ---- $management reads ----

  /** com.microsoft:peek-message: active, deferred and (for a queue) scheduled messages, by sequence number. */
  peek(q: MessageQueue, fromSeq: number, count: number): Buffer[] {
    const found: { seq: number; bytes: () => Buffer }[] = [];
    for (const m of q.messages.values()) {
      if (m.seq >= fromSeq) found.push({ seq: m.seq, bytes: () => this.encode(m, m.deliveryCount, m.lock?.until) });
    }
    const own = this.targets.get(q.key);
    if (own?.kind === 'queue') {
      for (const s of own.scheduled.values()) {
        if (s.seq < fromSeq) continue;
        const asMessage: StoredMessage = { seq: s.seq, parsed: s.parsed, raw: s.raw, enqueuedAt: s.acceptedAt, deliveryCount: 0, state: 'active' };
        found.push({ seq: s.seq, bytes: () => this.encode(asMessage, 0, undefined, 'scheduled') });
      }
    }
    return found
      .sort((a, b) => a.seq - b.seq)
      .slice(0, count)
      .map((f) => f.bytes());
  }

  /** com.microsoft:receive-by-sequence-number: deferred messages, locked (or removed) for the caller. */
  receiveDeferred(q: MessageQueue, seqs: number[], receiveAndDelete: boolean): { bytes: Buffer; lockToken?: string }[] {
    const out: { bytes: Buffer; lockToken?: string }[] = [];
    for (const seq of seqs) {
      const m = q.messages.get(seq);
      if (!m || m.state !== 'deferred') {
        throw new BrokerError('com.microsoft:message-not-found', `Failed to lock one or more specified messages. The message with sequence number ${seq} was not found or is not deferred.`);
      }
      const prior = m.deliveryCount;
      m.deliveryCount++;
      if (receiveAndDelete) {
        q.remove(seq);
        this.journal.append([{ op: 'del', seq }]);
        out.push({ bytes: this.encode(m, prior, undefined) });
      } else {
        this.journal.append([{ op: 'dc', seq, dc: m.deliveryCount }]);
        const lockToken = this.lock(q, m);
        out.push({ bytes: this.encode(m, prior, m.lock?.until), lockToken });
      }
    }
    return out;
  }

  // ---- lifecycle ----

  private restore(state: JournalState): void {
    const now = Date.now();
    const overdue: { q: MessageQueue; m: StoredMessage }[] = [];
    for (const r of [...state.messages.values()].sort((a, b) => a.seq - b.seq)) {
      const raw = Buffer.from(r.raw, 'base64');
      if (r.op === 'put') {
        const q = this.queues.get(r.q);
        if (!q) {
          this.log(`journal: message ${r.seq} is for unknown entity '${r.q}'; dropped`);
          continue;
        }
        const m: StoredMessage = { seq: r.seq, parsed: parseMessage(raw), raw, enqueuedAt: r.at, deliveryCount: r.dc, state: r.st === 'd' ? 'deferred' : 'active' };
        q.add(m);
        if (m.state === 'active' && m.deliveryCount >= q.maxDeliveryCount) overdue.push({ q, m });
      } else {
        const target = this.targets.get(r.t);
        if (!target) {
          this.log(`journal: scheduled message ${r.seq} is for unknown entity '${r.t}'; dropped`);
          continue;
        }
        const s: ScheduledMessage = { seq: r.seq, parsed: parseMessage(raw), raw, acceptedAt: r.at, due: r.due };
        target.scheduled.set(s.seq, s);
        this.arm(target, s);
      }
    }
    for (const [key, ids] of state.ids) {
      const target = this.targets.get(key);
      if (!target) continue;
      for (const [id, exp] of [...ids].sort((a, b) => a[1] - b[1])) if (exp > now) target.ids.set(id, exp);
    }
    // Messages that were locked when the emulator stopped are simply ready again (their locks died
    // with it); any that had used up their deliveries go to the dead letters, as on lock expiry.
    for (const { q, m } of overdue) this.release(q, m);
  }

  stop(): void {
    this.stopped = true;
    for (const { msg } of this.locks.values()) if (msg.lock) clearTimeout(msg.lock.timer);
    for (const t of this.targets.values()) for (const s of t.scheduled.values()) clearTimeout(s.timer);
    this.journal.close();
  }

  /** For the management layer: parse an address into the entities it can act on. */
  resolve(address: string): { target?: SendTarget; queue?: MessageQueue } {
    const parsed = parseAddress(address);
    return { target: this.sendTarget(parsed), queue: this.receivable(parsed) };
  }
}

function putRecord(q: MessageQueue, m: StoredMessage): JournalRecord {
  return { op: 'put', seq: m.seq, q: q.key, at: m.enqueuedAt, dc: m.deliveryCount, st: m.state === 'deferred' ? 'd' : 'a', raw: m.raw.toString('base64') };
}
