// The emulator's promise that nothing accepted is lost: across a clean restart, across SIGKILL of
// its process, and with a journal whose last write was torn. Driven through the real SDK.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ServiceBusClient, type ServiceBusReceivedMessage, type ServiceBusReceiver } from '@azure/service-bus';
import { buildSync } from 'esbuild';
import { helpdeskEntities, startServiceBusEmulator, type ServiceBusEmulator } from '../../local/servicebus';

const entities = helpdeskEntities({ lockDurationMs: 5000, maxDeliveryCount: 5 });
const dirs: string[] = [];
const running = new Set<ServiceBusEmulator>();

/** Starts an in-process emulator that is stopped after the test even if the test fails. */
async function start(dataDir: string, log?: (line: string) => void): Promise<ServiceBusEmulator> {
  const emulator = await startServiceBusEmulator({ port: 0, dataDir, entities, log });
  running.add(emulator);
  return emulator;
}

async function stop(emulator: ServiceBusEmulator): Promise<void> {
  running.delete(emulator);
  await emulator.stop();
}

afterEach(async () => {
  await Promise.all([...running].map(stop));
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-emulator-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function receiveAll(receiver: ServiceBusReceiver, count: number, maxWaitTimeInMs = 2000): Promise<ServiceBusReceivedMessage[]> {
  const got: ServiceBusReceivedMessage[] = [];
  const deadline = Date.now() + maxWaitTimeInMs;
  while (got.length < count && Date.now() < deadline) {
    got.push(...(await receiver.receiveMessages(count - got.length, { maxWaitTimeInMs: Math.max(100, deadline - Date.now()) })));
  }
  return got;
}

async function withClient<T>(emulator: { connectionString: string }, fn: (c: ServiceBusClient) => Promise<T>): Promise<T> {
  const client = new ServiceBusClient(emulator.connectionString);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

test('a restart keeps pending, unsettled, deferred, dead-lettered and scheduled messages and dedup ids', async () => {
  // The assertions run inside the client callbacks: 1 before the restart; 10 after it (2 for
  // the pending ones, 1 deferred, 1 dead-lettered, 1 per subscription × 2, 3 scheduled, 1 cancelled).
  expect.assertions(11);
  const dataDir = tempDir();
  let emulator = await start(dataDir);
  let due = 0;
  let deferredSeq: ServiceBusReceivedMessage['sequenceNumber'];
  await withClient(emulator, async (client) => {
    const sender = client.createSender('sla-timers');
    await sender.sendMessages(['unsettled', 'completed', 'pending', 'dead', 'deferred'].map((id) => ({ body: { id }, messageId: id })));
    // Far enough ahead that a slow restart on a loaded machine still comes before it.
    due = Date.now() + 6000;
    await sender.scheduleMessages({ body: { id: 'scheduled' }, messageId: 'scheduled' }, new Date(due));
    const cancelled = await sender.scheduleMessages({ body: { id: 'cancelled' }, messageId: 'cancelled' }, new Date(Date.now() + 1000));
    await sender.cancelScheduledMessages(cancelled);
    const topic = client.createSender('ticket-events');
    await topic.sendMessages({ body: { id: 'event' }, messageId: 'event' });

    const receiver = client.createReceiver('sla-timers', { maxAutoLockRenewalDurationInMs: 0 });
    const got = await receiveAll(receiver, 5);
    const byId = new Map(got.map((m) => [m.messageId, m]));
    expect([...byId.keys()]).toEqual(['unsettled', 'completed', 'pending', 'dead', 'deferred']);
    await receiver.completeMessage(byId.get('completed')!);
    await receiver.abandonMessage(byId.get('pending')!);
    await receiver.deadLetterMessage(byId.get('dead')!, { deadLetterReason: 'Testing', deadLetterErrorDescription: 'kept across restart' });
    deferredSeq = byId.get('deferred')!.sequenceNumber;
    await receiver.deferMessage(byId.get('deferred')!);
    // 'unsettled' stays locked: the emulator stops with it in flight.
  });
  await stop(emulator);

  emulator = await start(dataDir);
  await withClient(emulator, async (client) => {
    const sender = client.createSender('sla-timers');
    await sender.sendMessages({ body: { id: 'pending', again: true }, messageId: 'pending' }); // a duplicate: dropped
    const receiver = client.createReceiver('sla-timers');
    const got = await receiveAll(receiver, 2);
    expect(got.map((m) => [m.messageId, m.deliveryCount])).toEqual([
      ['unsettled', 1],
      ['pending', 1],
    ]);
    expect(got[1]!.body).toEqual({ id: 'pending' });
    for (const m of got) await receiver.completeMessage(m);

    const [deferred] = await receiver.receiveDeferredMessages(deferredSeq!);
    expect(deferred?.messageId).toBe('deferred');
    await receiver.completeMessage(deferred!);

    const dlq = client.createReceiver('sla-timers', { subQueueType: 'deadLetter' });
    const [dead] = await receiveAll(dlq, 1);
    expect([dead?.messageId, dead?.deadLetterReason, dead?.deadLetterErrorDescription]).toEqual(['dead', 'Testing', 'kept across restart']);
    await dlq.completeMessage(dead!);

    for (const sub of ['notifications', 'sla']) {
      const r = client.createReceiver('ticket-events', sub, { receiveMode: 'receiveAndDelete' });
      expect((await receiveAll(r, 1)).map((m) => m.messageId)).toEqual(['event']);
    }

    expect(Date.now()).toBeLessThan(due); // the scheduled message is still in the future...
    const [scheduled] = await receiveAll(receiver, 1, 9000);
    expect(scheduled?.messageId).toBe('scheduled');
    expect(Date.now()).toBeGreaterThanOrEqual(due); // ...and arrives at its time, not at restart
    await receiver.completeMessage(scheduled!);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0); // 'cancelled' never comes
  });
  await stop(emulator);
});

test('a torn last journal line (a crash mid-write) is ignored', async () => {
  const dataDir = tempDir();
  let emulator = await start(dataDir);
  await withClient(emulator, async (client) => {
    await client.createSender('sla-timers').sendMessages({ body: 'safe', messageId: 'safe' });
  });
  await stop(emulator);
  const [journal] = readdirSync(dataDir).filter((f) => f.endsWith('.jsonl'));
  appendFileSync(join(dataDir, journal!), '{"op":"put","seq":99,"q":"sla-ti');

  const logs: string[] = [];
  emulator = await start(dataDir, (l) => logs.push(l));
  const got = await withClient(emulator, (client) => receiveAll(client.createReceiver('sla-timers', { receiveMode: 'receiveAndDelete' }), 1));
  expect(got.map((m) => m.body)).toEqual(['safe']);
  expect(logs.some((l) => /ignored 1 unreadable line/.test(l))).toBe(true);
  await stop(emulator);
});

// ---- SIGKILL: the emulator in a child process, killed without warning ----

let cliBundle = '';

beforeAll(() => {
  // Bundle the CLI so the child runs the current sources without a full project build.
  cliBundle = join(tempDir(), 'servicebus-cli.js');
  buildSync({ entryPoints: [join(__dirname, '../../local/servicebus/cli.ts')], bundle: true, platform: 'node', target: 'node20', outfile: cliBundle, logLevel: 'error' });
});

async function spawnEmulator(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; connectionString: string }> {
  const child = spawn(process.execPath, [cliBundle, '--port', '0', '--data-dir', dataDir, '--quiet']);
  const lines = createInterface({ input: child.stdout });
  const connectionString = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('emulator did not start')), 10_000);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('Endpoint=')) {
        clearTimeout(timer);
        resolve(line);
      }
    });
  });
  return { child, connectionString };
}

function kill9(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

test('nothing acknowledged is lost when the emulator process is SIGKILLed', async () => {
  expect.assertions(6); // 1 before the kill, 5 in the client callback after the restart
  const dataDir = tempDir();
  let { child, connectionString } = await spawnEmulator(dataDir);
  const ids = Array.from({ length: 20 }, (_, i) => `kill-${i}`);
  let due = 0;
  const client = new ServiceBusClient(connectionString);
  try {
    const sender = client.createSender('sla-timers');
    for (const id of ids) await sender.sendMessages({ body: { id }, messageId: id });
    due = Date.now() + 1500;
    await sender.scheduleMessages({ body: { id: 'timer' }, messageId: 'timer' }, new Date(due));
    await client.createSender('ticket-events').sendMessages({ body: 'event', messageId: 'kill-event' });
    const receiver = client.createReceiver('sla-timers');
    const [inFlight] = await receiveAll(receiver, 1);
    expect(inFlight?.messageId).toBe('kill-0'); // received, never settled
    await kill9(child);
  } finally {
    await client.close().catch(() => undefined);
  }

  ({ child, connectionString } = await spawnEmulator(dataDir));
  try {
    await withClient({ connectionString }, async (c) => {
      const receiver = c.createReceiver('sla-timers');
      const got = await receiveAll(receiver, ids.length);
      expect(got.map((m) => m.messageId)).toEqual(ids);
      expect(got[0]!.deliveryCount).toBe(1); // the delivery before the crash counts
      for (const m of got) await receiver.completeMessage(m);
      const [timer] = await receiveAll(receiver, 1, 3000);
      expect(timer?.messageId).toBe('timer');
      expect(Date.now()).toBeGreaterThanOrEqual(due);
      await receiver.completeMessage(timer!);
      const sub = c.createReceiver('ticket-events', 'sla', { receiveMode: 'receiveAndDelete' });
      expect((await receiveAll(sub, 1)).map((m) => m.messageId)).toEqual(['kill-event']);
    });
  } finally {
    await kill9(child);
  }
});
