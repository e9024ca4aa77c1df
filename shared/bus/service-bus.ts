// The Service Bus adapter: the only module that imports @azure/service-bus. It publishes
// lifecycle events, schedules SLA timers, drives receivers for the local host, and reads and
// re-submits dead letters for operators. The same code runs against Azure (managed identity)
// and the local emulator (connection string with UseDevelopmentEmulator=true).
import {
  ServiceBusClient,
  type ServiceBusMessage,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
  type ServiceBusSender,
} from '@azure/service-bus';
import type { TokenCredential } from '@azure/core-auth';
// The SDK's AMQP transport. Imported only to turn Nagle's algorithm off (below).
import rhea = require('rhea');
import type { LifecycleEvent } from '../domain/model';
import type { DueTimeScheduler, EventPublisher, SlaTarget } from '../domain/ports';
import { toCloudEvent, type SlaTimerMessage } from '../schemas/events';
import { EVENTS_TOPIC, SLA_TIMERS_QUEUE, entityPath, type BusEntity } from './topology';

// rhea sets TCP_NODELAY only when a connection attaches a receiver through the connection itself,
// so the SDK's connections (senders and session-attached receivers alike) keep Nagle's algorithm
// on. A publish that followed the previous one within the broker's delayed ACK (about 40 ms on
// Linux) was held back that long: the ~45 ms back-to-back intake, seen in a loopback capture as a
// transfer frame leaving only when the broker's late ACK arrived. Azure's client socket is the same
// one (TLS over the same rhea connection), so it is fixed here, not in the local emulator.
// ServiceBusClient does not pass rhea's `tcp_no_delay` option through, and rhea-promise creates
// each connection with rhea's module-level create_connection called without its container (so a
// container-wide option is not read either): the option is added where that call lands.
type CreateConnection = (options?: rhea.ConnectionOptions) => rhea.Connection;
const rheaModule = rhea as unknown as { create_connection: CreateConnection & { tcpNoDelay?: true } };
if (!rheaModule.create_connection.tcpNoDelay) {
  const create = rheaModule.create_connection;
  rheaModule.create_connection = Object.assign(
    // `this` passes through untouched: rhea-promise calls it unbound, and so it stays.
    function (this: unknown, options?: rhea.ConnectionOptions) {
      return create.call(this, { tcp_no_delay: true, ...options } as unknown as rhea.ConnectionOptions);
    },
    { tcpNoDelay: true as const },
  );
}

export type BusConnection = { connectionString: string } | { namespace: string; credential: TokenCredential };

/** The message a lifecycle event travels in: CloudEvents JSON, message id = event id (duplicate detection). */
export function eventMessage(event: LifecycleEvent): ServiceBusMessage {
  const cloudEvent = toCloudEvent(event);
  return {
    messageId: event.id,
    body: cloudEvent,
    contentType: 'application/cloudevents+json',
    subject: cloudEvent.type,
    applicationProperties: { ticketNumber: event.ticketNumber, eventType: cloudEvent.type },
  };
}

/** The SLA check for one due time; the id makes a second schedule of the same check a duplicate. */
export function slaTimerMessage(ticketNumber: string, dueAt: string, repeat?: string, target: SlaTarget = 'resolution', warnAt?: string): ServiceBusMessage {
  // The resolution timer keeps its original body and id; a first-response timer says so, and its
  // id differs, so two targets due at the same instant are not taken for duplicates. A warning
  // before the due time carries its own moment and an id of its own for the same reason.
  const body: SlaTimerMessage = { ticketNumber, dueAt, ...(target === 'resolution' ? {} : { target }), ...(warnAt ? { warnAt } : {}) };
  return {
    messageId: `${ticketNumber}@${dueAt}${target === 'resolution' ? '' : `#${target}`}${warnAt ? '!warning' : ''}${repeat ? `~${repeat}` : ''}`,
    body,
    contentType: 'application/json',
    subject: 'sla.check',
    applicationProperties: { ticketNumber },
  };
}

export interface ReceivedMessage {
  body: unknown;
  messageId: string;
  deliveryCount: number;
  applicationProperties: Record<string, unknown>;
}

// No dead-letter outcome: a Functions trigger cannot dead-letter in Azure (see local/trigger-host.ts),
// so neither can the local one; Service Bus does it after maxDeliveryCount.
export type MessageOutcome = { outcome: 'complete' } | { outcome: 'abandon'; error: unknown };

export interface DeadLetter {
  entity: string;
  messageId: string;
  ticketNumber: string | null;
  reason: string;
  description: string;
  enqueuedAt: string | null;
  deliveryCount: number;
}

function received(m: ServiceBusReceivedMessage): ReceivedMessage {
  return {
    body: m.body,
    messageId: String(m.messageId ?? ''),
    deliveryCount: m.deliveryCount ?? 0,
    applicationProperties: m.applicationProperties ?? {},
  };
}

export class ServiceBusAdapter {
  private readonly client: ServiceBusClient;
  private readonly senders = new Map<string, ServiceBusSender>();
  private readonly receivers: ServiceBusReceiver[] = [];

  constructor(connection: BusConnection, options: { timeoutMs?: number } = {}) {
    // Publishing happens inline after a ticket write, so a dead transport must fail fast: the
    // outbox keeps the events and the sweep publishes them later.
    const retryOptions = { maxRetries: 1, timeoutInMs: options.timeoutMs ?? 3_000, retryDelayInMs: 100 };
    this.client =
      'connectionString' in connection
        ? new ServiceBusClient(connection.connectionString, { retryOptions })
        : new ServiceBusClient(connection.namespace, connection.credential, { retryOptions });
  }

  private sender(entity: string): ServiceBusSender {
    let s = this.senders.get(entity);
    if (!s) {
      s = this.client.createSender(entity);
      this.senders.set(entity, s);
    }
    return s;
  }

  readonly publisher: EventPublisher = {
    publish: async (events) => {
      if (events.length > 0) await this.sender(EVENTS_TOPIC).sendMessages(events.map(eventMessage));
    },
  };

  readonly dueTimes: DueTimeScheduler = {
    scheduleCheck: async (ticketNumber, dueAt, options) => {
      const sender = this.sender(SLA_TIMERS_QUEUE);
      const message = slaTimerMessage(ticketNumber, dueAt, options?.again ? String(Date.now()) : undefined, options?.target, options?.warnAt);
      const at = options?.warnAt ?? dueAt;
      if (Date.parse(at) <= Date.now()) await sender.sendMessages(message);
      else await sender.scheduleMessages(message, new Date(at));
    },
    scheduleRecompute: async (jobId, at) => {
      const sender = this.sender(SLA_TIMERS_QUEUE);
      // The moment is part of the id: a job that goes round again is not taken for a duplicate.
      const message: ServiceBusMessage = { messageId: `recompute:${jobId}@${at}`, body: { recomputeJobId: jobId }, contentType: 'application/json', subject: 'sla.recompute' };
      if (Date.parse(at) <= Date.now()) await sender.sendMessages(message);
      else await sender.scheduleMessages(message, new Date(at));
    },
  };

  /**
   * Delivers messages of an entity to a handler the way the Functions host does for a trigger:
   * peek-lock, complete on success, abandon on failure (redelivered until the entity's maximum
   * delivery count sends it to the dead letters).
   */
  subscribe(entity: BusEntity, handle: (m: ReceivedMessage) => Promise<MessageOutcome>, options: { concurrency?: number; onError?: (err: unknown) => void } = {}): void {
    const receiver =
      'queue' in entity ? this.client.createReceiver(entity.queue) : this.client.createReceiver(entity.topic, entity.subscription);
    this.receivers.push(receiver);
    receiver.subscribe(
      {
        processMessage: async (message) => {
          const result = await handle(received(message));
          if (result.outcome === 'complete') await receiver.completeMessage(message);
          else await receiver.abandonMessage(message);
        },
        processError: async (args) => options.onError?.(args.error),
      },
      { autoCompleteMessages: false, maxConcurrentCalls: options.concurrency ?? 4 },
    );
  }

  async deadLetters(entity: BusEntity, max = 100): Promise<DeadLetter[]> {
    const receiver = this.deadLetterReceiver(entity);
    try {
      const messages = await receiver.peekMessages(max);
      return messages.map((m) => ({
        entity: entityPath(entity),
        messageId: String(m.messageId ?? ''),
        ticketNumber: typeof m.applicationProperties?.['ticketNumber'] === 'string' ? m.applicationProperties['ticketNumber'] : null,
        reason: m.deadLetterReason ?? '',
        description: m.deadLetterErrorDescription ?? '',
        enqueuedAt: m.enqueuedTimeUtc ? m.enqueuedTimeUtc.toISOString() : null,
        deliveryCount: m.deliveryCount ?? 0,
      }));
    } finally {
      await receiver.close();
    }
  }

  /**
   * Sends dead letters back to where they came from (the topic for a subscription's letters), then
   * removes them. A new message id lets them past duplicate detection.
   */
  async resubmitDeadLetters(entity: BusEntity, max = 100): Promise<number> {
    const receiver = this.deadLetterReceiver(entity);
    const target = 'queue' in entity ? entity.queue : entity.topic;
    let count = 0;
    try {
      const messages = await receiver.receiveMessages(max, { maxWaitTimeInMs: 1_000 });
      for (const m of messages) {
        await this.sender(target).sendMessages({
          body: m.body,
          messageId: `${String(m.messageId)}~resubmit-${Date.now()}`,
          ...(m.contentType ? { contentType: m.contentType } : {}),
          ...(m.subject ? { subject: m.subject } : {}),
          applicationProperties: { ...(m.applicationProperties ?? {}), resubmittedFrom: String(m.messageId) },
        });
        await receiver.completeMessage(m);
        count++;
      }
    } finally {
      await receiver.close();
    }
    return count;
  }

  private deadLetterReceiver(entity: BusEntity): ServiceBusReceiver {
    return 'queue' in entity
      ? this.client.createReceiver(entity.queue, { subQueueType: 'deadLetter' })
      : this.client.createReceiver(entity.topic, entity.subscription, { subQueueType: 'deadLetter' });
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.receivers.map((r) => r.close()), ...[...this.senders.values()].map((s) => s.close())]);
    await this.client.close();
  }
}
