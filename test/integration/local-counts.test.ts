// The local servers count what they serve, for the benchmarks' round trips per action: Cosmos
// document writes per container and everything else as reads; Service Bus sends (a send or a
// schedule each) and the messages not yet settled.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCustomerTicket } from '../../shared/app/customer-tickets';
import { seedDirectory } from '../../shared/app/seed';
import { createServices } from '../../shared/composition';
import { loadConfig } from '../../shared/config';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { startLocalCosmos } from '../../local/cosmos-server';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { HELPDESK_ENTITIES, startServiceBusEmulator } from '../../local/servicebus';

test('one intake is counted as ticket writes, reads and a send, and its event waits unsettled', async () => {
  const cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  const bus = await startServiceBusEmulator({ port: 0, dataDir: null, entities: HELPDESK_ENTITIES });
  const env = {
    ...LOCAL_DEFAULTS,
    COSMOS_ENDPOINT: cosmos.endpoint,
    SERVICEBUS_CONNECTION_STRING: bus.connectionString,
    MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'helpdesk-mail-')),
    HELPDESK_SECRET: randomBytes(32).toString('base64url'),
  };
  const svc = createServices(loadConfig(env), env);
  try {
    await svc.store.ensureSchema();
    await seedDirectory(svc.directory, DEMO_DIRECTORY);
    const before = cosmos.counts();
    await openCustomerTicket(svc, { customer: { name: 'Maria', email: 'maria@example.org', phone: null }, topicId: 'other', subject: 'Counted', message: 'Hello', source: 'api' });
    const after = cosmos.counts();
    // Create, then clear the outbox once published: two writes to the tickets container.
    expect((after.writes['tickets'] ?? 0) - (before.writes['tickets'] ?? 0)).toBe(2);
    expect(after.reads).toBeGreaterThan(before.reads);
    // The created event went to the topic once; nobody receives, so it waits on both subscriptions.
    expect(bus.stats()).toEqual({ sends: 1, pending: 2 });
  } finally {
    await svc.bus.close();
    svc.store.dispose();
    await bus.stop();
    await cosmos.stop();
  }
});
