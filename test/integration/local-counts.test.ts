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
import { loadConfig } from '../../shared/load-config';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { startLocalCosmos } from '../../local/cosmos-server';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { HELPDESK_ENTITIES, startServiceBusEmulator } from '../../local/servicebus';
import { startChangeFeeds } from '../../local/change-feed-host';
import type * as FunctionsHost from '../../local/functions-host';
import type * as Composition from '../../shared/composition';
import { EVENTS_TOPIC } from '../../shared/bus/topology';

test('one intake is one ticket write; its event is sent once, from the change feed, and waits unsettled', async () => {
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
  // The declarations as compiled (they register with the compiled host module); the publisher
  // builds its own services from the environment, as under the Functions host.
  Object.assign(process.env, env);
  const dist = join(__dirname, '..', '..', 'dist');
  const { loadFunctionFiles } = require(join(dist, 'local', 'functions-host.js')) as typeof FunctionsHost;
  const functions = loadFunctionFiles(join(dist, 'functions'));
  try {
    await svc.store.ensureSchema();
    await seedDirectory(svc.directory, DEMO_DIRECTORY);
    const before = cosmos.counts();
    await openCustomerTicket(svc, { customer: { name: 'Maria', email: 'maria@example.org', phone: null }, topicId: 'other', subject: 'Counted', message: 'Hello', source: 'api' });
    const after = cosmos.counts();
    // The create and nothing else: the request neither sends nor clears the outbox.
    expect((after.writes['tickets'] ?? 0) - (before.writes['tickets'] ?? 0)).toBe(1);
    expect(bus.stats().sends).toBe(0);
    // The change feed brings the ticket to the publisher; the created event goes to the topic
    // once and, with nobody receiving, waits on every subscription.
    const feeds = startChangeFeeds({ source: svc.store, functions: functions.changeFeeds, log: () => undefined, pollMs: 20 });
    try {
      const subscriptions = HELPDESK_ENTITIES.topics.find((t) => t.name === EVENTS_TOPIC)!.subscriptions.length;
      const deadline = Date.now() + 10_000;
      while (bus.stats().sends === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(bus.stats()).toEqual({ sends: 1, pending: subscriptions });
      expect((cosmos.counts().writes['tickets'] ?? 0) - (before.writes['tickets'] ?? 0)).toBe(1); // publishing writes no ticket
    } finally {
      await feeds.stop();
      // The compiled functions' own services (built on first use from the environment).
      const compiled = (require(join(dist, 'shared', 'composition.js')) as typeof Composition).services();
      await compiled.bus.close();
      compiled.store.dispose();
    }
  } finally {
    await svc.bus.close();
    svc.store.dispose();
    await bus.stop();
    await cosmos.stop();
  }
});
