// rhea's typings leave out a few things a broker needs (its buffer reader/writer, the composite
// type constructors, a link's credit and delivery count, the local attach frame). This module is
// the one place that reaches past the typings, so the rest of the emulator stays fully typed.
import { message, types, type Delivery, type Sender, type link } from 'rhea';
import type { Reader, Writer, Typed } from 'rhea/typings/types';

export type { Typed };

interface TypesRuntime {
  Reader: new (buffer: Buffer) => Reader;
  Writer: new (buffer?: Buffer) => Writer;
  Map32(items: Typed[]): Typed;
  List32(items: Typed[]): Typed;
  Null(): Typed;
}

const runtime = types as unknown as TypesRuntime;

export function newReader(buffer: Buffer): Reader {
  return new runtime.Reader(buffer);
}

export function encodeTyped(values: Typed[]): Buffer {
  const w = new runtime.Writer();
  for (const v of values) w.write(v);
  return w.toBuffer();
}

/** An AMQP map from already typed keys and values, so their AMQP types survive untouched. */
export function typedMap(items: Typed[]): Typed {
  return runtime.Map32(items);
}

export function typedList(items: Typed[]): Typed {
  return runtime.List32(items);
}

export function typedNull(): Typed {
  return runtime.Null();
}

interface LinkInternals {
  credit: number;
  delivery_count: number;
  local: { attach: { snd_settle_mode?: number; rcv_settle_mode?: number; max_message_size?: number } };
}

function internals(l: link): LinkInternals {
  return l as unknown as LinkInternals;
}

/** The credit limit the peer granted: (delivery-count + link-credit) from its last flow. */
export function creditLimit(sender: Sender): number {
  const s = internals(sender);
  return s.credit + s.delivery_count;
}

/**
 * Answers an attach with the settle modes the peer asked for (rhea would send its defaults) and a
 * maximum message size: the SDK sizes batches from it and refuses to batch without one.
 */
export function completeAttach(l: link, maxMessageSize: number): void {
  const attach = internals(l).local.attach;
  attach.snd_settle_mode = l.snd_settle_mode;
  attach.rcv_settle_mode = l.rcv_settle_mode;
  attach.max_message_size = maxMessageSize;
}

type OutcomeName = 'accepted' | 'rejected' | 'released' | 'modified';

type OutcomeRuntime = Record<OutcomeName, (fields?: Record<string, unknown>) => { described(): unknown }>;

/** A delivery state (outcome) to settle with; rhea's typings do not expose the constructors. */
export function outcome(name: OutcomeName, fields?: Record<string, unknown>): unknown {
  return (message as unknown as OutcomeRuntime)[name](fields).described();
}

/** The `rejected` delivery state with an error, to settle a delivery that could not be honoured. */
export function rejectedOutcome(condition: string, description: string): unknown {
  return outcome('rejected', { error: { condition, description } });
}

/**
 * Settles a delivery that is finished for good. With receiver-settle-mode "second" the client has
 * already sent its outcome and will send nothing more once we settle; rhea, though, frees an
 * outgoing delivery only when the peer settles it too. Without marking it remotely settled, every
 * delivery stays in the session's buffer, and the session breaks ("circular buffer overflow")
 * after 2,048 messages.
 */
export function settleForGood(d: Delivery, state: Parameters<Delivery['update']>[1]): void {
  d.update(true, state); // queues our settling disposition for the client first
  (d as { remote_settled: boolean }).remote_settled = true;
}
