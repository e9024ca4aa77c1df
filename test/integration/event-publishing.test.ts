// The outbox under a transport failure: with Service Bus down, intake still succeeds with one
// write, and the change feed publishes every event once the transport is back.
import { ServiceBusClient } from '@azure/service-bus';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCustomerTicket } from '../../shared/app/customer-tickets';
import { publishChangedTickets } from '../../shared/app/event-publishing';
import { seedDirectory } from '../../shared/app/seed';
import { createServices, type Services } from '../../shared/composition';
import { loadConfig } from '../../shared/load-config';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos-server';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { HELPDESK_ENTITIES, startServiceBusEmulator, type ServiceBusEmulator } from '../../local/servicebus';
import { startChangeFeeds } from '../../local/change-feed-host';
import type { ChangeFeedFunctionDeclaration } from '../../shared/host/functions';

/** The publishing function as functions/events-publish.ts declares it, over these services. */
const publisher = (services: Services): ChangeFeedFunctionDeclaration => ({
  name: 'events-publish',
  connection: 'CosmosConnection',
  container: 'tickets',
  leaseContainer: 'leases',
  pollDelayMs: 1_000,
  handler: async (documents) => void (await publishChangedTickets(services, documents)),
});

async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

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

test('tickets opened while Service Bus is down are saved with one write each, and the change feed sends their events once it is back', async () => {
  const { port } = bus;
  await bus.stop();
  const writesBefore = cosmos.counts().writes['tickets'] ?? 0;

  const opened: Awaited<ReturnType<typeof openCustomerTicket>>[] = [];
  for (let i = 0; i < 5; i++) opened.push(await openCustomerTicket(svc, request(i)));
  expect((cosmos.counts().writes['tickets'] ?? 0) - writesBefore).toBe(5); // the create, nothing else
  // The change feed is read while the bus is down: the batch fails and is retried, the lease stays.
  const logs: string[] = [];
  const feeds = startChangeFeeds({ source: svc.store, functions: [publisher(svc)], log: (l) => void logs.push(l), pollMs: 20 });
  try {
    await waitFor(() => logs.some((l) => /batch of \d+ change\(s\) failed; it will be retried/.test(l)));
    bus = await startServiceBusEmulator({ port, dataDir: busDir, entities: HELPDESK_ENTITIES });

    const client = new ServiceBusClient(bus.connectionString);
    const receiver = client.createReceiver('ticket-events', 'sla', { receiveMode: 'receiveAndDelete' });
    const subjects: string[] = [];
    const deadline = Date.now() + 15_000;
    while (subjects.length < opened.length && Date.now() < deadline) {
      const got = await receiver.receiveMessages(20, { maxWaitTimeInMs: 1_000 });
      subjects.push(...got.map((m) => (m.body as { subject: string }).subject));
    }
    // Nothing more: each event once, however often the batch was tried.
    subjects.push(...(await receiver.receiveMessages(20, { maxWaitTimeInMs: 1_000 })).map((m) => (m.body as { subject: string }).subject));
    await receiver.close();
    await client.close();
    expect(subjects.sort()).toEqual(opened.map((o) => o.ticket.number).sort());
  } finally {
    await feeds.stop();
  }
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
