// The triggers of the local stack, run the way the Functions host runs them: Service Bus
// functions through the SDK's receivers (peek-lock; complete on success, abandon on any failure),
// timer functions on their schedule.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './settings';
import type { ServiceBusAdapter } from '../shared/bus/service-bus';
import {
  InvocationContextClass,
  PoisonMessageError,
  timerSchedule,
  type InvocationContext,
  type ServiceBusFunctionDeclaration,
  type TimerFunctionDeclaration,
} from '../shared/host/functions';
import { logLine } from './log-lines';

function context(name: string, triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new InvocationContextClass({
    invocationId: randomUUID(),
    functionName: name,
    triggerMetadata,
    logHandler: (level, ...args) => (level === 'error' || level === 'warning' ? console.error : logLine)(`[${name}]`, ...args),
  });
}

/**
 * How many messages one instance handles at once per Service Bus function: host.json's
 * extensions.serviceBus.maxConcurrentCalls, which the real host reads too (set there explicitly so
 * that both agree; learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus,
 * "host.json settings").
 */
export function serviceBusConcurrency(hostJsonPath = join(PROJECT_ROOT, 'host.json')): number {
  const host = JSON.parse(readFileSync(hostJsonPath, 'utf8')) as { extensions?: { serviceBus?: { maxConcurrentCalls?: unknown } } };
  const calls = host.extensions?.serviceBus?.maxConcurrentCalls;
  if (typeof calls !== 'number' || !Number.isInteger(calls) || calls < 1) throw new Error(`${hostJsonPath}: extensions.serviceBus.maxConcurrentCalls must be a positive integer`);
  return calls;
}

export function startTriggers(options: {
  bus: ServiceBusAdapter;
  serviceBus: readonly ServiceBusFunctionDeclaration[];
  timers: readonly TimerFunctionDeclaration[];
  log: (line: string) => void;
}): { stop(): void } {
  const concurrency = serviceBusConcurrency();
  for (const fn of options.serviceBus) {
    options.bus.subscribe(
      fn.entity,
      async (message) => {
        try {
          await fn.handler(message.body, context(fn.name, { messageId: message.messageId, deliveryCount: message.deliveryCount }));
          return { outcome: 'complete' };
        } catch (err) {
          // As in Azure: the Node.js worker cannot dead-letter a message itself, so a poison message
          // is abandoned like any failure, redelivered up to the entity's maxDeliveryCount and then
          // dead-lettered by Service Bus as MaxDeliveryCountExceeded; only the log says why.
          // (learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger,
          // "Poison messages"; the worker's result carries no settlement for the Node.js model.)
          const what = err instanceof PoisonMessageError ? 'poison message' : 'message';
          options.log(`[${fn.name}] ${what} ${message.messageId} failed (delivery ${message.deliveryCount}); it will be retried: ${(err as Error).message}`);
          return { outcome: 'abandon', error: err };
        }
      },
      { concurrency, onError: (err) => options.log(`[${fn.name}] receiver: ${(err as Error).message}`) },
    );
  }
  const timers = options.timers.map((fn) => {
    let running = false;
    return setInterval(() => {
      if (running) return; // like the host: a run that overlaps the next tick is not started twice
      running = true;
      fn.handler(context(fn.name))
        .catch((err: unknown) => options.log(`[${fn.name}] failed: ${(err as Error).message}`))
        .finally(() => (running = false));
    }, timerSchedule(fn).ms);
  });
  return { stop: () => timers.forEach(clearInterval) };
}
