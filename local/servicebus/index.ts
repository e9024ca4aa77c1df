// A local Service Bus for the help desk: the real @azure/service-bus SDK talks to it over AMQP 1.0
// on loopback (connection string with UseDevelopmentEmulator=true), with Service Bus semantics
// and, given a data directory, nothing accepted lost across restarts or crashes.
import { startAmqpServer } from './amqp-server';
import { Broker } from './broker';
import { validateEntities, type ServiceBusEntities } from './entities';
import { NO_JOURNAL, emptyState, openJournal } from './journal';

export {
  HELPDESK_ENTITIES,
  HELPDESK_ENTITY_DEFAULTS,
  helpdeskEntities,
  type EntityDefaults,
  type QueueConfig,
  type ServiceBusEntities,
  type SubscriptionConfig,
  type TopicConfig,
} from './entities';

export const DEFAULT_SERVICEBUS_PORT = 5672;

export interface ServiceBusEmulatorOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where the journal lives; null keeps everything in memory only. */
  dataDir: string | null;
  entities: ServiceBusEntities;
  log?: (line: string) => void;
}

export interface ServiceBusEmulator {
  port: number;
  /** Endpoint=sb://<host>:<port>;SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true */
  connectionString: string;
  /** Sends served, and messages waiting in queues and subscriptions or locked by a receiver. */
  stats(): { sends: number; pending: number };
  stop(): Promise<void>;
}

export function emulatorConnectionString(host: string, port: number): string {
  return `Endpoint=sb://${host}:${port};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true`;
}

export async function startServiceBusEmulator(opts: ServiceBusEmulatorOptions): Promise<ServiceBusEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  validateEntities(opts.entities);
  const { journal, state } = opts.dataDir === null ? { journal: NO_JOURNAL, state: emptyState() } : openJournal(opts.dataDir, Date.now());
  if (state.skipped > 0) log(`journal: ignored ${state.skipped} unreadable line(s) (a write torn by a crash)`);
  const broker = new Broker(opts.entities, journal, state, log);
  let server;
  try {
    server = await startAmqpServer(broker, { host, port: opts.port, log });
  } catch (err) {
    broker.stop();
    throw err;
  }
  log(`service bus emulator listening on ${host}:${server.port}${opts.dataDir ? ` (data in ${opts.dataDir})` : ' (memory only)'}`);
  let stopped: Promise<void> | undefined;
  const { port, close } = server;
  return {
    port,
    connectionString: emulatorConnectionString(host, port),
    stats: () => broker.stats(),
    stop: () =>
      (stopped ??= close().then(() => {
        broker.stop();
      })),
  };
}
