// A client sender attached to a queue or topic: our AMQP receiver. Each transfer is journaled
// (inside broker.send) before it is accepted, so an acknowledged send survives a crash.
import { message as amqpMessage, type EventContext, type Receiver } from 'rhea';
import { unpackTransfer } from './amqp-message';
import type { Broker } from './broker';
import { asBrokerError } from './errors';
import type { SendTarget } from './message-queue';

export function attachProducer(broker: Broker, target: SendTarget, receiver: Receiver, log: (line: string) => void): void {
  receiver.on('message', (ctx: EventContext) => {
    const d = ctx.delivery;
    if (!d || !ctx.message) return;
    try {
      // rhea hands over standard-format messages already decoded; re-encoding them with rhea
      // reproduces the SDK's bytes (the SDK encodes with rhea too). Batches arrive as raw bytes.
      const raws = d.format === 0 ? [amqpMessage.encode(ctx.message)] : unpackTransfer(ctx.message as unknown as Buffer, d.format);
      broker.send(target, raws);
      d.accept();
    } catch (err) {
      const e = asBrokerError(err);
      log(`send to '${target.path}' rejected: ${e.message}`);
      d.reject({ condition: e.condition, description: e.message });
    }
  });
}
