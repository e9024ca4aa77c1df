// The local stack assembled in this process from its pieces (as local/start.ts does), so a test
// can stop and restart the Cosmos server or the Service Bus emulator on their own while the
// functions keep serving. The functions are the compiled ones (dist/), loaded the way the local
// host loads them, so their services() singleton is built from process.env set here.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as CosmosServer from '../../local/cosmos-server';
import type * as FunctionsHost from '../../local/functions-host';
import type * as HelpdeskSecret from '../../local/helpdesk-secret';
import type * as ServiceBus from '../../local/servicebus';
import type * as Settings from '../../local/settings';
import type * as Triggers from '../../local/trigger-host';
import type * as ChangeFeeds from '../../local/change-feed-host';
import type * as Composition from '../../shared/composition';
import type * as Seed from '../../shared/app/seed';
import type * as DemoDirectory from '../../shared/seed/demo-directory';

const DIST = join(__dirname, '..', '..', 'dist');
// Values from dist, types from the sources: the function files register with dist's registry.
const load = <T>(path: string): T => require(join(DIST, path)) as T;

export interface InProcessStack {
  api: string;
  mailOutbox: string;
  /** Everything the host and the triggers logged (failed deliveries, dead letters, sweeps). */
  logs: string[];
  stopCosmos(): Promise<void>;
  startCosmos(): Promise<void>;
  stopBus(): Promise<void>;
  startBus(): Promise<void>;
  stop(): Promise<void>;
}

export async function startInProcessStack(): Promise<InProcessStack> {
  const { startLocalCosmos } = load<typeof CosmosServer>('local/cosmos-server');
  const { loadFunctionFiles, startFunctionsHost } = load<typeof FunctionsHost>('local/functions-host');
  const { HELPDESK_ENTITIES, startServiceBusEmulator } = load<typeof ServiceBus>('local/servicebus');
  const { localSettings } = load<typeof Settings>('local/settings');
  const { localHelpdeskSecret } = load<typeof HelpdeskSecret>('local/helpdesk-secret');
  const { startTriggers } = load<typeof Triggers>('local/trigger-host');
  const { startChangeFeeds } = load<typeof ChangeFeeds>('local/change-feed-host');
  const { services } = load<typeof Composition>('shared/composition');
  const { seedDirectory } = load<typeof Seed>('shared/app/seed');
  const { DEMO_DIRECTORY } = load<typeof DemoDirectory>('shared/seed/demo-directory');

  const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-reliability-'));
  const mailOutbox = join(dataDir, 'mail-outbox');
  const logs: string[] = [];
  const quiet = (line: string) => void logs.push(line);
  let cosmos = await startLocalCosmos({ port: 0, dataDir: join(dataDir, 'cosmos'), log: quiet });
  const cosmosPort = cosmos.port;
  let bus = await startServiceBusEmulator({ port: 0, dataDir: join(dataDir, 'servicebus'), entities: HELPDESK_ENTITIES, log: quiet });
  const busPort = bus.port;
  const functions = loadFunctionFiles(join(DIST, 'functions'));
  const host = await startFunctionsHost({ port: 0, functions: functions.http, log: () => undefined }); // one line per request: too many to keep
  Object.assign(
    process.env,
    localSettings({
      COSMOS_ENDPOINT: cosmos.endpoint,
      SERVICEBUS_CONNECTION_STRING: bus.connectionString,
      MAIL_OUTBOX_DIR: mailOutbox,
      PUBLIC_BASE_URL: `http://localhost:${host.port}`,
      // As npm start does: the help-desk secret kept in the data folder (issue 18).
      HELPDESK_SECRET: localHelpdeskSecret(dataDir, undefined).secret,
    }),
  );
  const svc = services();
  await svc.store.ensureSchema();
  await seedDirectory(svc.directory, DEMO_DIRECTORY);
  const triggers = startTriggers({ bus: svc.bus, serviceBus: functions.serviceBus, timers: functions.timers, log: quiet });
  const feeds = startChangeFeeds({ source: svc.store, functions: functions.changeFeeds, log: quiet });
  let cosmosUp = true;
  let busUp = true;
  return {
    api: `http://127.0.0.1:${host.port}/api`,
    mailOutbox,
    logs,
    stopCosmos: async () => {
      await cosmos.stop();
      cosmosUp = false;
    },
    startCosmos: async () => {
      cosmos = await startLocalCosmos({ port: cosmosPort, dataDir: join(dataDir, 'cosmos'), log: quiet });
      cosmosUp = true;
    },
    stopBus: async () => {
      await bus.stop();
      busUp = false;
    },
    startBus: async () => {
      bus = await startServiceBusEmulator({ port: busPort, dataDir: join(dataDir, 'servicebus'), entities: HELPDESK_ENTITIES, log: quiet });
      busUp = true;
    },
    stop: async () => {
      triggers.stop();
      await feeds.stop();
      await host.stop();
      await svc.bus.close().catch(() => undefined);
      svc.store.dispose();
      if (busUp) await bus.stop();
      if (cosmosUp) await cosmos.stop();
    },
  };
}
