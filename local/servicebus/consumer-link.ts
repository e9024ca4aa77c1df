// A client receiver attached to a queue, subscription or dead-letter queue: our AMQP sender.
// Credit is counted here rather than read from rhea, because rhea only spends credit when a
// transfer is actually written (on the next tick), and a message must never be locked for a
// link that cannot take it yet.
import type { Delivery, EventContext, Sender } from 'rhea';
import type { Broker, Settlement } from './broker';
import { asBrokerError } from './errors';
import { lockTokenToDeliveryTag } from './lock-token';
import type { Consumer, MessageQueue } from './message-queue';
import { creditLimit, outcome, rejectedOutcome, settleForGood } from './rhea-internals';

interface RemoteError {
  condition?: unknown;
  description?: unknown;
  info?: unknown;
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function plainObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) ? (v as Record<string, unknown>) : {};
}

/** What the client's disposition asks for, in Service Bus terms (see the SDK's settleMessage). */
function settlementOf(kind: 'accepted' | 'rejected' | 'modified' | 'released', state: unknown): Settlement {
  const s = plainObject(state);
  switch (kind) {
    case 'accepted':
      return { kind: 'complete' };
    case 'released':
      return { kind: 'abandon' };
    case 'modified': {
      const properties = plainObject(s.message_annotations);
      return { kind: s.undeliverable_here === true ? 'defer' : 'abandon', properties };
    }
    case 'rejected': {
      // The SDK dead-letters with condition com.microsoft:dead-letter and the reason, description
      // and properties to modify in the error's info map.
      const error = plainObject(s.error) as RemoteError;
      const { DeadLetterReason, DeadLetterErrorDescription, ...properties } = plainObject(error.info);
      return {
        kind: 'deadletter',
        reason: stringOr(DeadLetterReason) ?? stringOr(error.description),
        description: stringOr(DeadLetterErrorDescription),
        properties,
      };
    }
  }
}

export function attachConsumer(broker: Broker, queue: MessageQueue, sender: Sender, log: (line: string) => void): () => void {
  // snd-settle-mode "settled" is how the SDK asks for receiveAndDelete.
  const receiveAndDelete = sender.snd_settle_mode === 1;
  let committed = 0; // deliveries handed to rhea (or drained) against the peer's credit
  let tag = 0;
  const unsettled = new Map<Delivery, string>();

  const consumer: Consumer = {
    receiveAndDelete,
    capacity: () => (sender.is_open() ? Math.max(0, creditLimit(sender) - committed) : 0),
    deliver(bytes, lockToken) {
      committed++;
      const d = sender.send(bytes, lockToken ? lockTokenToDeliveryTag(lockToken) : Buffer.from(String(tag++)), 0);
      if (!lockToken) return undefined;
      unsettled.set(d, lockToken);
      return () => {
        if (unsettled.delete(d)) settleForGood(d, outcome('accepted'));
      };
    },
  };

  const onOutcome = (kind: 'accepted' | 'rejected' | 'modified' | 'released') => (ctx: EventContext) => {
    const d = ctx.delivery;
    const token = d ? unsettled.get(d) : undefined;
    if (!d || token === undefined) return;
    unsettled.delete(d);
    try {
      const settlement = settlementOf(kind, d.remote_state);
      broker.settle(token, settlement);
      // Echo the outcome (without the dead-letter error, which the SDK would read as a failure).
      settleForGood(d, outcome(kind, kind === 'modified' ? { undeliverable_here: settlement.kind === 'defer' } : undefined));
    } catch (err) {
      const e = asBrokerError(err);
      log(`settlement (${kind}) of lock ${token} on '${queue.path}' failed: ${e.message}`);
      settleForGood(d, rejectedOutcome(e.condition, e.message));
    }
  };
  sender.on('accepted', onOutcome('accepted'));
  sender.on('rejected', onOutcome('rejected'));
  sender.on('modified', onOutcome('modified'));
  sender.on('released', onOutcome('released'));

  sender.on('sender_flow', () => broker.pump(queue));
  sender.on('sender_draining', () => {
    // Send what is ready, then give up the rest of the credit: the SDK drains after each
    // receiveMessages() call and waits for this answer.
    broker.pump(queue);
    committed = Math.max(committed, creditLimit(sender));
    sender.set_drained(true);
  });

  broker.addConsumer(queue, consumer);
  // Locks outlive the link, as in Service Bus: unsettled messages stay locked until they are
  // settled through $management or the lock expires.
  return () => broker.removeConsumer(queue, consumer);
}
