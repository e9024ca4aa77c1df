// In-memory shape of the namespace: receivable queues (a queue, a subscription or a dead-letter
// queue) holding messages, and send targets (a queue or a topic) holding scheduled messages and
// the message ids seen for duplicate detection. No I/O and no timers here; see broker.ts.
import type { ParsedMessage } from './amqp-message';

export interface Lock {
  token: string;
  until: number;
  timer: NodeJS.Timeout;
  /** Settles the AMQP delivery that carried the message, when the lock ends some other way. */
  settleWire?: () => void;
}

export interface StoredMessage {
  seq: number;
  parsed: ParsedMessage;
  /** parsed, serialised: what the journal keeps. */
  raw: Buffer;
  enqueuedAt: number;
  /** How many times the message has been handed out under a lock (or deleted by a receive). */
  deliveryCount: number;
  state: 'active' | 'deferred';
  lock?: Lock;
}

export interface ScheduledMessage {
  seq: number;
  parsed: ParsedMessage;
  raw: Buffer;
  acceptedAt: number;
  due: number;
  timer?: NodeJS.Timeout;
}

/** A link that takes messages from a queue (the client's receiver). */
export interface Consumer {
  readonly receiveAndDelete: boolean;
  /** How many more messages the link may be sent right now (its unused credit). */
  capacity(): number;
  /**
   * Sends one message. In peek-lock mode returns a function that settles the AMQP delivery, used
   * when the message is settled through $management instead.
   */
  deliver(bytes: Buffer, lockToken: string | undefined): (() => void) | undefined;
}

export class MessageQueue {
  readonly messages = new Map<number, StoredMessage>();
  readonly consumers: Consumer[] = [];
  /** Sequence numbers of messages ready for delivery, ascending: Service Bus delivers in order. */
  private readonly ready: number[] = [];
  private nextConsumer = 0;

  constructor(
    readonly key: string,
    readonly path: string,
    readonly maxDeliveryCount: number,
    readonly lockDurationMs: number,
    /** Undefined for a dead-letter queue itself. */
    readonly deadLetter: MessageQueue | undefined,
  ) {}

  get isDeadLetterQueue(): boolean {
    return this.deadLetter === undefined;
  }

  add(m: StoredMessage): void {
    this.messages.set(m.seq, m);
    if (m.state === 'active' && !m.lock) this.markReady(m.seq);
  }

  remove(seq: number): StoredMessage | undefined {
    const m = this.messages.get(seq);
    if (!m) return undefined;
    this.messages.delete(seq);
    this.unmarkReady(seq);
    return m;
  }

  markReady(seq: number): void {
    // Binary search for the insertion point keeps `ready` sorted (abandoned messages go back in place).
    let lo = 0;
    let hi = this.ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ready[mid] ?? 0) < seq) lo = mid + 1;
      else hi = mid;
    }
    if (this.ready[lo] !== seq) this.ready.splice(lo, 0, seq);
  }

  private unmarkReady(seq: number): void {
    const i = this.ready.indexOf(seq);
    if (i >= 0) this.ready.splice(i, 1);
  }

  /** The next message ready for delivery, taken off the ready list. */
  takeReady(): StoredMessage | undefined {
    for (;;) {
      const seq = this.ready.shift();
      if (seq === undefined) return undefined;
      const m = this.messages.get(seq);
      if (m && m.state === 'active' && !m.lock) return m;
    }
  }

  hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** A consumer with capacity, taking turns so competing receivers share the load. */
  pickConsumer(): Consumer | undefined {
    const n = this.consumers.length;
    for (let i = 0; i < n; i++) {
      const c = this.consumers[(this.nextConsumer + i) % n];
      if (c && c.capacity() > 0) {
        this.nextConsumer = (this.nextConsumer + i + 1) % n;
        return c;
      }
    }
    return undefined;
  }

  removeConsumer(c: Consumer): void {
    const i = this.consumers.indexOf(c);
    if (i >= 0) this.consumers.splice(i, 1);
  }
}

export class SendTarget {
  /** message id -> expiry time; insertion order is expiry order, so pruning stops at the first live id. */
  readonly ids = new Map<string, number>();
  readonly scheduled = new Map<number, ScheduledMessage>();

  constructor(
    readonly key: string,
    readonly path: string,
    readonly kind: 'queue' | 'topic',
    /** The queue itself, or the topic's subscriptions (each gets a copy). */
    readonly queues: MessageQueue[],
    readonly duplicateDetectionWindowMs: number,
  ) {}

  /** True if `id` was seen within the window; otherwise remembers it and returns false. */
  isDuplicate(id: string, now: number): boolean {
    if (this.duplicateDetectionWindowMs <= 0) return false;
    for (const [seen, exp] of this.ids) {
      if (exp > now) break;
      this.ids.delete(seen);
    }
    const exp = this.ids.get(id);
    if (exp !== undefined && exp > now) return true;
    this.ids.delete(id);
    this.ids.set(id, now + this.duplicateDetectionWindowMs);
    return false;
  }
}
