// The outbox under a transport failure: with Service Bus down, intake still succeeds, and every
// event is published once the transport is back.
import { ServiceBusClient } from '@azure/service-bus';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCustomerTicket } from '../../shared/app/customer-tickets';
import { sweepOutboxes } from '../../shared/app/event-publishing';
import { seedDirectory } from '../../shared/app/seed';
import { createServices, type Services } from '../../shared/composition';
import { loadConfig } from '../../shared/config';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos-server';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { HELPDESK_ENTITIES, startServiceBusEmulator, type ServiceBusEmulator } from '../../local/servicebus';

let cosmos: LocalCosmos;
let bus: ServiceBusEmulator;
let svc: Services;
const busDir = mkdtempSync(join(tmpdir(), 'helpdesk-bus-'));

beforeAll(async () => {
  cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  bus = await startServiceBusEmulator({ port: 0, dataDir: busDir, entities: HELPDESK_ENTITIES });
  svc = createServices(
    loadConfig({
      ...LOCAL_DEFAULTS,
      COSMOS_ENDPOINT: cosmos.endpoint,
      SERVICEBUS_CONNECTION_STRING: bus.connectionString,
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'helpdesk-mail-')),
    }),
  );
  await svc.store.ensureSchema();
  await seedDirectory(svc.directory, DEMO_DIRECTORY);
});

afterAll(async () => {
  await svc.bus.close();
  svc.store.dispose();
  await bus.stop();
  await cosmos.stop();
});

const request = (i: number) => ({
  customer: { name: 'Maria', email: 'maria@example.org', phone: null },
  topicId: 'other',
  subject: `Opened while the bus is down ${i}`,
  message: 'Hello',
  source: 'api' as const,
});

test('tickets opened while Service Bus is down are saved, and their events go out when it is back', async () => {
  const { port } = bus;
  await bus.stop();

  const opened: Awaited<ReturnType<typeof openCustomerTicket>>[] = [];
  for (let i = 0; i < 5; i++) opened.push(await openCustomerTicket(svc, request(i)));
  const outboxes = () =>
    Promise.all(opened.map(async (o) => {
      const stored = await svc.tickets.get(o.ticket.number);
      return { outbox: stored?.value.outbox.map((e) => e.type), outboxSince: stored?.value.outboxSince };
    }));
  expect(await outboxes()).toEqual(opened.map(() => ({ outbox: ['created'], outboxSince: expect.any(String) })));

  bus = await startServiceBusEmulator({ port, dataDir: busDir, entities: HELPDESK_ENTITIES });
  expect(await sweepOutboxes(svc, { olderThanMs: 0 })).toBe(5);
  expect(await outboxes()).toEqual(opened.map(() => ({ outbox: [], outboxSince: null })));
  expect(await sweepOutboxes(svc, { olderThanMs: 0 })).toBe(0);

  const client = new ServiceBusClient(bus.connectionString);
  const receiver = client.createReceiver('ticket-events', 'sla', { receiveMode: 'receiveAndDelete' });
  const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: 2_000 });
  await receiver.close();
  await client.close();
  const subjects = messages.map((m) => (m.body as { subject: string }).subject).sort();
  expect(subjects).toEqual(opened.map((o) => o.ticket.number).sort());
});

test('an SLA check is scheduled for the due time, not delivered before it', async () => {
  const dueAt = new Date(Date.now() + 1_500).toISOString();
  await svc.dueTimes.scheduleCheck('654321', dueAt);
  const client = new ServiceBusClient(bus.connectionString);
  const receiver = client.createReceiver('sla-timers', { receiveMode: 'receiveAndDelete' });
  const [early] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 500 });
  expect(early).toBeUndefined();
  const [onTime] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 3_000 });
  expect(onTime?.body).toEqual({ ticketNumber: '654321', dueAt });
  expect(onTime!.enqueuedTimeUtc!.getTime()).toBeGreaterThanOrEqual(Date.parse(dueAt) - 50);
  await receiver.close();
  await client.close();
});
