// The local Service Bus emulator, driven only through the real @azure/service-bus SDK.
import { ServiceBusClient, isServiceBusError, type ServiceBusReceivedMessage, type ServiceBusReceiver } from '@azure/service-bus';
import { helpdeskEntities, startServiceBusEmulator, type ServiceBusEmulator, type ServiceBusEntities } from '../../local/servicebus';

const LOCK_MS = 1000;
const MAX_DELIVERIES = 3;

/** The help desk's entities plus one queue per test, so tests cannot see each other's messages. */
function testEntities(): ServiceBusEntities {
  const base = helpdeskEntities({ lockDurationMs: LOCK_MS, maxDeliveryCount: MAX_DELIVERIES });
  const queue = (name: string) => ({ name, maxDeliveryCount: MAX_DELIVERIES, lockDurationMs: LOCK_MS, duplicateDetectionWindowMs: 60_000 });
  const names = ['mgmt-settle', 'basic', 'abandon', 'maxdel', 'deadletter', 'defer', 'renew', 'expiry', 'schedule', 'dedup', 'batch', 'peek', 'rad', 'stream'];
  return { queues: [...base.queues, ...names.map(queue)], topics: base.topics };
}

let emulator: ServiceBusEmulator;
let client: ServiceBusClient;

beforeAll(async () => {
  emulator = await startServiceBusEmulator({ port: 0, dataDir: null, entities: testEntities() });
  client = new ServiceBusClient(emulator.connectionString);
});

afterAll(async () => {
  await client.close();
  await emulator.stop();
});

async function receiveOne(receiver: ServiceBusReceiver, maxWaitTimeInMs = 3000): Promise<ServiceBusReceivedMessage> {
  const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs });
  if (!m) throw new Error('no message received');
  return m;
}

async function send(queue: string, ...messages: Parameters<ReturnType<ServiceBusClient['createSender']>['sendMessages']>[0][]): Promise<void> {
  const sender = client.createSender(queue);
  for (const m of messages) await sender.sendMessages(m);
  await sender.close();
}

test('connection string has the documented shape', () => {
  expect(emulator.connectionString).toBe(
    `Endpoint=sb://127.0.0.1:${emulator.port};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true`,
  );
  expect(emulator.port).toBeGreaterThan(0);
});

test('send, receive in peek-lock and complete; properties and bodies round-trip', async () => {
  await send(
    'basic',
    { body: { ticket: 123456, tags: ['a', 'b'] }, messageId: 'obj', subject: 'helpdesk.ticket.created', correlationId: 'corr-1', contentType: 'application/json', applicationProperties: { n: 42, s: 'x', b: true, f: 1.5 } },
    { body: 'plain string', messageId: 'str' },
    { body: Buffer.from([0, 1, 2, 255]), messageId: 'buf' },
  );
  const receiver = client.createReceiver('basic');
  const got = await receiver.receiveMessages(3, { maxWaitTimeInMs: 3000 });
  while (got.length < 3) got.push(...(await receiver.receiveMessages(3 - got.length, { maxWaitTimeInMs: 3000 })));
  const [obj, str, buf] = got;
  expect(obj?.body).toEqual({ ticket: 123456, tags: ['a', 'b'] });
  expect(obj?.messageId).toBe('obj');
  expect(obj?.subject).toBe('helpdesk.ticket.created');
  expect(obj?.correlationId).toBe('corr-1');
  expect(obj?.contentType).toBe('application/json');
  expect(obj?.applicationProperties).toEqual({ n: 42, s: 'x', b: true, f: 1.5 });
  expect(obj?.deliveryCount).toBe(0);
  expect(obj?.lockToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(obj?.lockedUntilUtc!.getTime()).toBeGreaterThan(Date.now());
  expect(obj?.enqueuedTimeUtc).toBeInstanceOf(Date);
  expect(str?.body).toBe('plain string');
  expect(Buffer.isBuffer(buf?.body) && [...(buf.body as Buffer)]).toEqual([0, 1, 2, 255]);
  expect(str!.sequenceNumber!.toNumber()).toBeGreaterThan(obj!.sequenceNumber!.toNumber());
  for (const m of got) await receiver.completeMessage(m);
  expect(await receiver.peekMessages(10)).toHaveLength(0);
  await receiver.close();
});

test('abandon makes the message available again with deliveryCount + 1', async () => {
  await send('abandon', { body: 'again', messageId: 'ab-1' });
  const receiver = client.createReceiver('abandon');
  const first = await receiveOne(receiver);
  expect(first.deliveryCount).toBe(0);
  await receiver.abandonMessage(first);
  const second = await receiveOne(receiver);
  expect(second.messageId).toBe('ab-1');
  expect(second.deliveryCount).toBe(1);
  expect(second.lockToken).not.toBe(first.lockToken);
  await receiver.completeMessage(second);
  await receiver.close();
});

test('after maxDeliveryCount deliveries the message goes to the dead-letter queue', async () => {
  await send('maxdel', { body: 'poison', messageId: 'poison-1' });
  const receiver = client.createReceiver('maxdel');
  const deliveryCounts: (number | undefined)[] = [];
  for (let i = 0; i < MAX_DELIVERIES; i++) {
    const m = await receiveOne(receiver);
    deliveryCounts.push(m.deliveryCount);
    await receiver.abandonMessage(m);
  }
  expect(deliveryCounts).toEqual(Array.from({ length: MAX_DELIVERIES }, (_, i) => i));
  expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
  const dlq = client.createReceiver('maxdel', { subQueueType: 'deadLetter' });
  const dead = await receiveOne(dlq);
  expect(dead.messageId).toBe('poison-1');
  expect(dead.body).toBe('poison');
  expect(dead.deadLetterReason).toBe('MaxDeliveryCountExceeded');
  expect(dead.deadLetterErrorDescription).toContain(`${MAX_DELIVERIES} delivery attempts`);
  await dlq.completeMessage(dead);
  expect(await dlq.peekMessages(5)).toHaveLength(0);
  await Promise.all([receiver.close(), dlq.close()]);
});

test('explicit dead-letter keeps reason and description; DLQ is readable for queues and subscriptions', async () => {
  await send('deadletter', { body: { bad: true }, messageId: 'dl-1', applicationProperties: { ticket: 7 } });
  const receiver = client.createReceiver('deadletter');
  const m = await receiveOne(receiver);
  await receiver.deadLetterMessage(m, { deadLetterReason: 'PoisonInput', deadLetterErrorDescription: 'not a CloudEvent' });
  const dlq = client.createReceiver('deadletter', { subQueueType: 'deadLetter' });
  const dead = await receiveOne(dlq);
  expect(dead.body).toEqual({ bad: true });
  expect(dead.deadLetterReason).toBe('PoisonInput');
  expect(dead.deadLetterErrorDescription).toBe('not a CloudEvent');
  expect(dead.applicationProperties?.ticket).toBe(7);
  await dlq.completeMessage(dead);

  const sender = client.createSender('ticket-events');
  await sender.sendMessages({ body: 'event', messageId: 'dl-sub-1' });
  const sub = client.createReceiver('ticket-events', 'sla');
  const fromSub = await receiveOne(sub);
  await sub.deadLetterMessage(fromSub, { deadLetterReason: 'Nope', deadLetterErrorDescription: 'testing' });
  const subDlq = client.createReceiver('ticket-events', 'sla', { subQueueType: 'deadLetter' });
  const deadSub = await receiveOne(subDlq);
  expect(deadSub.messageId).toBe('dl-sub-1');
  expect(deadSub.deadLetterReason).toBe('Nope');
  await subDlq.completeMessage(deadSub);
  // The other subscription still has its own copy, untouched.
  const other = client.createReceiver('ticket-events', 'notifications');
  const copy = await receiveOne(other);
  expect(copy.messageId).toBe('dl-sub-1');
  await other.completeMessage(copy);
  await Promise.all([receiver.close(), dlq.close(), sender.close(), sub.close(), subDlq.close(), other.close()]);
});

test('defer hides the message until it is received by sequence number', async () => {
  await send('defer', { body: 'later', messageId: 'def-1' }, { body: 'next', messageId: 'def-2' });
  const receiver = client.createReceiver('defer');
  const m = await receiveOne(receiver);
  expect(m.messageId).toBe('def-1');
  const seq = m.sequenceNumber!;
  await receiver.deferMessage(m);
  const next = await receiveOne(receiver);
  expect(next.messageId).toBe('def-2');
  await receiver.completeMessage(next);
  expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
  const peeked = await client.createReceiver('defer').peekMessages(5);
  expect(peeked.map((p) => [p.messageId, p.state])).toEqual([['def-1', 'deferred']]);
  const [deferred] = await receiver.receiveDeferredMessages(seq);
  expect(deferred?.messageId).toBe('def-1');
  expect(deferred?.deliveryCount).toBe(1);
  await receiver.completeMessage(deferred!);
  expect(await client.createReceiver('defer').peekMessages(5)).toHaveLength(0);
  await receiver.close();
});

test('messages received on a link that has closed are settled through $management by lock token', async () => {
  await send('mgmt-settle', { body: 1, messageId: 'ms-1' }, { body: 2, messageId: 'ms-2' });
  const first = client.createReceiver('mgmt-settle');
  const got = await first.receiveMessages(2, { maxWaitTimeInMs: 2000 });
  while (got.length < 2) got.push(await receiveOne(first));
  await first.close();
  const second = client.createReceiver('mgmt-settle');
  await second.completeMessage(got[0]!);
  await second.deadLetterMessage(got[1]!, { deadLetterReason: 'ByToken', deadLetterErrorDescription: 'via $management' });
  await expect(second.completeMessage(got[0]!)).rejects.toMatchObject({ code: 'MessageLockLost' });
  expect(await second.peekMessages(5)).toHaveLength(0);
  const dlq = client.createReceiver('mgmt-settle', { subQueueType: 'deadLetter' });
  const [dead] = await dlq.peekMessages(5);
  expect([dead?.messageId, dead?.deadLetterReason, dead?.deadLetterErrorDescription]).toEqual(['ms-2', 'ByToken', 'via $management']);
  await Promise.all([second.close(), dlq.close()]);
});

test('renewMessageLock extends the lock so the message is not redelivered', async () => {
  await send('renew', { body: 'long job', messageId: 'renew-1' });
  const receiver = client.createReceiver('renew', { maxAutoLockRenewalDurationInMs: 0 });
  const m = await receiveOne(receiver);
  const firstUntil = m.lockedUntilUtc!.getTime();
  await new Promise((r) => setTimeout(r, LOCK_MS * 0.6));
  const renewed = await receiver.renewMessageLock(m);
  expect(renewed.getTime()).toBeGreaterThan(firstUntil + LOCK_MS * 0.4);
  await new Promise((r) => setTimeout(r, LOCK_MS * 0.6)); // past the original lock, within the renewed one
  const other = client.createReceiver('renew');
  expect(await other.receiveMessages(1, { maxWaitTimeInMs: 200 })).toHaveLength(0);
  await receiver.completeMessage(m);
  await Promise.all([receiver.close(), other.close()]);
});

test('an expired lock makes the message available again; settling with the old lock fails', async () => {
  await send('expiry', { body: 'slow', messageId: 'exp-1' });
  const receiver = client.createReceiver('expiry', { maxAutoLockRenewalDurationInMs: 0 });
  const m = await receiveOne(receiver);
  const started = Date.now();
  const again = await receiveOne(receiver, 3000);
  expect(Date.now() - started).toBeGreaterThanOrEqual(LOCK_MS - 100);
  expect(again.messageId).toBe('exp-1');
  expect(again.deliveryCount).toBe(1);
  await expect(receiver.completeMessage(m)).rejects.toMatchObject({ code: 'MessageLockLost' });
  await receiver.completeMessage(again);
  await receiver.close();
});

test('scheduled messages arrive on time; cancelled ones never do', async () => {
  const sender = client.createSender('schedule');
  const due = new Date(Date.now() + 700);
  const [keep, cancel] = await Promise.all([
    sender.scheduleMessages({ body: 'timer', messageId: 'sched-keep' }, due),
    sender.scheduleMessages({ body: 'stale timer', messageId: 'sched-cancel' }, due),
  ]);
  expect(keep).toHaveLength(1);
  expect(cancel[0]!.toNumber()).not.toBe(keep[0]!.toNumber());
  const receiver = client.createReceiver('schedule');
  const peeked = await receiver.peekMessages(5);
  expect(peeked.map((p) => p.state)).toEqual(['scheduled', 'scheduled']);
  await sender.cancelScheduledMessages(cancel);

  const arrivals: { id: unknown; at: number }[] = [];
  const sub = receiver.subscribe(
    {
      processMessage: async (m) => {
        arrivals.push({ id: m.messageId, at: Date.now() });
      },
      processError: async () => undefined,
    },
    { autoCompleteMessages: true },
  );
  // Wait for the kept timer to arrive, then a quiet second in which the cancelled one must not.
  for (const until = Date.now() + 5000; arrivals.length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 1000));
  await sub.close();
  expect(arrivals.map((a) => a.id)).toEqual(['sched-keep']);
  const lateness = arrivals[0]!.at - due.getTime();
  // Never early; late only by the delivery itself, not by a polling interval (a generous bound:
  // the machines are shared, and the bench measures the real lateness).
  expect(lateness).toBeGreaterThanOrEqual(0);
  expect(lateness).toBeLessThan(2000);
  await Promise.all([receiver.close(), sender.close()]);
});

test('a duplicate message id within the window is accepted and dropped', async () => {
  await send('dedup', { body: 'first', messageId: 'event-1' }, { body: 'resend', messageId: 'event-1' }, { body: 'other', messageId: 'event-2' });
  const receiver = client.createReceiver('dedup', { receiveMode: 'receiveAndDelete' });
  const got = await receiver.receiveMessages(5, { maxWaitTimeInMs: 500 });
  expect(got.map((m) => [m.messageId, m.body])).toEqual([
    ['event-1', 'first'],
    ['event-2', 'other'],
  ]);
  await receiver.close();
});

test('a topic fans out to every subscription', async () => {
  const sender = client.createSender('ticket-events');
  await sender.sendMessages({ body: { type: 'helpdesk.ticket.created' }, messageId: 'fan-1', subject: '100001' });
  await sender.close();
  const subscriptions = ['notifications', 'sla'];
  const seen = [];
  for (const name of subscriptions) {
    const receiver = client.createReceiver('ticket-events', name);
    const m = await receiveOne(receiver);
    await receiver.completeMessage(m);
    seen.push({ name, message: [m.messageId, m.subject, m.body], left: (await receiver.peekMessages(5)).length });
    await receiver.close();
  }
  expect(seen).toEqual(subscriptions.map((name) => ({ name, message: ['fan-1', '100001', { type: 'helpdesk.ticket.created' }], left: 0 })));
});

test('batch sends (createMessageBatch and an array) arrive in order', async () => {
  const sender = client.createSender('batch');
  const batch = await sender.createMessageBatch();
  expect([0, 1, 2, 3, 4].map((i) => batch.tryAddMessage({ body: { i }, messageId: `b${i}` }))).toEqual([true, true, true, true, true]);
  await sender.sendMessages(batch);
  await sender.sendMessages([5, 6, 7].map((i) => ({ body: { i }, messageId: `b${i}` })));
  await sender.close();
  const receiver = client.createReceiver('batch', { receiveMode: 'receiveAndDelete' });
  const got: ServiceBusReceivedMessage[] = [];
  while (got.length < 8) {
    const more = await receiver.receiveMessages(8 - got.length, { maxWaitTimeInMs: 1000 });
    if (more.length === 0) break;
    got.push(...more);
  }
  expect(got.map((m) => (m.body as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  await receiver.close();
});

test('peek shows messages without locking them', async () => {
  await send('peek', { body: 'p1', messageId: 'p1' }, { body: 'p2', messageId: 'p2' });
  const peeker = client.createReceiver('peek');
  const peeked = await peeker.peekMessages(10);
  expect(peeked.map((m) => m.messageId)).toEqual(['p1', 'p2']);
  expect(peeked[0]!.lockToken).toBeUndefined();
  expect(await peeker.peekMessages(10)).toHaveLength(0); // the SDK continues after the last peeked
  const receiver = client.createReceiver('peek', { receiveMode: 'receiveAndDelete' });
  const got = await receiver.receiveMessages(2, { maxWaitTimeInMs: 1000 });
  expect(got.map((m) => m.messageId)).toEqual(['p1', 'p2']);
  await Promise.all([peeker.close(), receiver.close()]);
});

test('receiveAndDelete removes messages on receipt', async () => {
  await send('rad', { body: 'once', messageId: 'rad-1' });
  const receiver = client.createReceiver('rad', { receiveMode: 'receiveAndDelete' });
  const m = await receiveOne(receiver);
  expect(m.body).toBe('once');
  expect(m.lockToken).toBeUndefined();
  expect(await client.createReceiver('rad').peekMessages(5)).toHaveLength(0);
  await receiver.close();
});

test('the streaming subscribe() receiver gets messages as they arrive, with retries on failure', async () => {
  const receiver = client.createReceiver('stream');
  const seen: [unknown, number][] = [];
  const sub = receiver.subscribe({
    processMessage: async (m) => {
      seen.push([m.messageId, m.deliveryCount ?? -1]);
      if (m.messageId === 'flaky' && m.deliveryCount === 0) throw new Error('handler failed once');
    },
    processError: async () => undefined,
  });
  await send('stream', { body: 1, messageId: 'ok' }, { body: 2, messageId: 'flaky' });
  const deadline = Date.now() + 3000;
  while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await sub.close();
  expect(seen).toEqual([
    ['ok', 0],
    ['flaky', 0],
    ['flaky', 1],
  ]);
  expect(await client.createReceiver('stream').peekMessages(5)).toHaveLength(0);
  await receiver.close();
});

test('sending to an unknown entity fails with MessagingEntityNotFound', async () => {
  const sender = client.createSender('no-such-queue');
  const err: unknown = await sender.sendMessages({ body: 'x' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isServiceBusError(err)).toBe(true);
  expect(err).toMatchObject({ code: 'MessagingEntityNotFound' });
  expect(String((err as Error).message)).toContain('no-such-queue');
  await sender.close();
  const receiver = client.createReceiver('ticket-events', 'no-such-subscription');
  await expect(receiver.receiveMessages(1, { maxWaitTimeInMs: 500 })).rejects.toMatchObject({ code: 'MessagingEntityNotFound' });
  await receiver.close();
});
