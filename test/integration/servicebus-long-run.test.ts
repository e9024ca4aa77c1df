// A local stack runs for days: a receiver must keep working past rhea's session buffer of 2,048
// deliveries (every settled delivery has to be freed, not kept until the session breaks).
import { ServiceBusClient } from '@azure/service-bus';
import { helpdeskEntities, startServiceBusEmulator } from '../../local/servicebus';

test('one streaming receiver settles 2,500 messages in peek-lock without its session breaking', async () => {
  const errors: string[] = [];
  const emulator = await startServiceBusEmulator({ port: 0, dataDir: null, entities: helpdeskEntities(), log: (l) => errors.push(l) });
  const client = new ServiceBusClient(emulator.connectionString);
  const sender = client.createSender('sla-timers');
  const receiver = client.createReceiver('sla-timers');
  let completed = 0;
  const done = new Promise<void>((resolve) => {
    receiver.subscribe(
      {
        processMessage: async (m) => {
          await receiver.completeMessage(m);
          if (++completed === 2_500) resolve();
        },
        processError: async (args) => void errors.push(String(args.error)),
      },
      { autoCompleteMessages: false, maxConcurrentCalls: 8 },
    );
  });
  try {
    for (let i = 0; i < 2_500; i += 250) {
      await sender.sendMessages(Array.from({ length: 250 }, (_, j) => ({ messageId: `m-${i + j}`, body: { i: i + j } })));
    }
    await done;
    expect(completed).toBe(2_500);
    expect(errors.filter((e) => /overflow|error/i.test(e))).toEqual([]);
  } finally {
    await receiver.close();
    await sender.close();
    await client.close();
    await emulator.stop();
  }
}, 120_000);
