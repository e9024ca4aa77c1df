// The Service Bus namespace the emulator serves: which queues, topics and subscriptions exist and
// their settings. One declaration, mirrored by the Bicep templates, so local and Azure agree.
import { EVENTS_TOPIC, NOTIFICATIONS_SUBSCRIPTION, SLA_SUBSCRIPTION, SLA_TIMERS_QUEUE, STATS_SUBSCRIPTION } from '../../shared/bus/topology';

export interface QueueConfig {
  name: string;
  maxDeliveryCount: number;
  lockDurationMs: number;
  duplicateDetectionWindowMs: number;
}

export interface SubscriptionConfig {
  name: string;
  maxDeliveryCount: number;
  lockDurationMs: number;
}

export interface TopicConfig {
  name: string;
  duplicateDetectionWindowMs: number;
  subscriptions: SubscriptionConfig[];
}

export interface ServiceBusEntities {
  queues: QueueConfig[];
  topics: TopicConfig[];
}

/** Settings shared by every help desk entity; tests override them (short locks) via helpdeskEntities(). */
export interface EntityDefaults {
  maxDeliveryCount: number;
  lockDurationMs: number;
  duplicateDetectionWindowMs: number;
}

export const HELPDESK_ENTITY_DEFAULTS: EntityDefaults = {
  maxDeliveryCount: 10,
  lockDurationMs: 30_000,
  // As infra/main.bicep: a day, beyond the outbox retention (shared/domain/lifecycle.ts).
  duplicateDetectionWindowMs: 86_400_000,
};

/** The help desk's entities (see DESIGN.md, "Events"), with the shared settings overridable. */
export function helpdeskEntities(overrides: Partial<EntityDefaults> = {}): ServiceBusEntities {
  const d = { ...HELPDESK_ENTITY_DEFAULTS, ...overrides };
  const sub = (name: string): SubscriptionConfig => ({
    name,
    maxDeliveryCount: d.maxDeliveryCount,
    lockDurationMs: d.lockDurationMs,
  });
  return {
    queues: [
      {
        name: SLA_TIMERS_QUEUE,
        maxDeliveryCount: d.maxDeliveryCount,
        lockDurationMs: d.lockDurationMs,
        duplicateDetectionWindowMs: d.duplicateDetectionWindowMs,
      },
    ],
    topics: [
      {
        name: EVENTS_TOPIC,
        duplicateDetectionWindowMs: d.duplicateDetectionWindowMs,
        subscriptions: [sub(NOTIFICATIONS_SUBSCRIPTION), sub(SLA_SUBSCRIPTION), sub(STATS_SUBSCRIPTION)],
      },
    ],
  };
}

export const HELPDESK_ENTITIES: ServiceBusEntities = helpdeskEntities();

/**
 * What an AMQP address names. Service Bus paths are case-insensitive, so `key` is the lower-cased
 * canonical path the emulator indexes by; `path` keeps the spelling from the configuration.
 */
export type ParsedAddress =
  | { kind: 'entity'; path: string } // a queue or topic (send), or queue/subscription (receive)
  | { kind: 'deadletter'; path: string } // <queue>/$DeadLetterQueue or <topic>/Subscriptions/<sub>/$DeadLetterQueue
  | { kind: 'management'; of: ParsedAddress }
  | { kind: 'cbs' };

const DLQ_SUFFIX = '/$deadletterqueue';
const MGMT_SUFFIX = '/$management';

/** Strips an `amqp(s)://host[:port]/` or `sb://host/` prefix some clients put in addresses. */
function stripHost(address: string): string {
  const m = /^[a-z]+:\/\/[^/]*\/(.*)$/i.exec(address);
  return m?.[1] ?? address.replace(/^\//, '');
}

export function parseAddress(address: string): ParsedAddress {
  const path = stripHost(address);
  const lower = path.toLowerCase();
  if (lower === '$cbs') return { kind: 'cbs' };
  if (lower.endsWith(MGMT_SUFFIX)) {
    return { kind: 'management', of: parseAddress(path.slice(0, -MGMT_SUFFIX.length)) };
  }
  if (lower.endsWith(DLQ_SUFFIX)) return { kind: 'deadletter', path: path.slice(0, -DLQ_SUFFIX.length) };
  return { kind: 'entity', path };
}

/** The canonical key of a queue or `<topic>/subscriptions/<sub>` path. */
export function entityKey(path: string): string {
  return path.toLowerCase();
}

export function subscriptionPath(topic: string, subscription: string): string {
  return `${topic}/Subscriptions/${subscription}`;
}

export function deadLetterPath(path: string): string {
  return `${path}/$DeadLetterQueue`;
}

/** Rejects configurations the emulator cannot serve rather than misbehaving later. */
export function validateEntities(entities: ServiceBusEntities): void {
  const seen = new Set<string>();
  const check = (name: string, what: string): void => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`invalid ${what} name '${name}'`);
  };
  const positive = (n: number, what: string): void => {
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${what} must be a positive number, got ${n}`);
  };
  for (const q of entities.queues) {
    check(q.name, 'queue');
    positive(q.maxDeliveryCount, `queue '${q.name}' maxDeliveryCount`);
    positive(q.lockDurationMs, `queue '${q.name}' lockDurationMs`);
    if (seen.has(entityKey(q.name))) throw new Error(`duplicate entity '${q.name}'`);
    seen.add(entityKey(q.name));
  }
  for (const t of entities.topics) {
    check(t.name, 'topic');
    if (seen.has(entityKey(t.name))) throw new Error(`duplicate entity '${t.name}'`);
    seen.add(entityKey(t.name));
    const subs = new Set<string>();
    for (const s of t.subscriptions) {
      check(s.name, 'subscription');
      positive(s.maxDeliveryCount, `subscription '${t.name}/${s.name}' maxDeliveryCount`);
      positive(s.lockDurationMs, `subscription '${t.name}/${s.name}' lockDurationMs`);
      if (subs.has(s.name.toLowerCase())) throw new Error(`duplicate subscription '${t.name}/${s.name}'`);
      subs.add(s.name.toLowerCase());
    }
  }
}
