// The Azure Functions adapter: the module that registers with @azure/functions (http-types.ts beside
// it only names its HTTP types). It lives in shared/host/, not shared/http/, because it declares
// every kind of function, triggers too. Each function file declares itself through `httpFunction`,
// `serviceBusFunction`, `timerFunction` or `changeFeedFunction`, which register
// it with the Functions host when there is one and always record it, so the local host runs
// exactly the declarations Azure runs.
import { app } from '@azure/functions';
import { DomainError } from '../domain/errors';
import { runsInAzure } from '../config';
import type { RouteDoc } from '../http/route-doc';
import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from './http-types';

export type { HttpRequest, HttpResponseInit, InvocationContext, HttpMethod };
export { HttpRequest as HttpRequestClass, InvocationContext as InvocationContextClass } from '@azure/functions';

export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/**
 * API routes live below /api. host.json's routePrefix is empty, because the web pages are served
 * from the site root (`/`, `/staff`), and the Functions host has only one prefix for all routes.
 */
export const API_ROUTE_PREFIX = 'api';

/** The route as the host registers it, from the site root (host.json's routePrefix is empty). */
export function hostRoute(route: string): string {
  return route.startsWith('/') ? route.slice(1) : `${API_ROUTE_PREFIX}/${route}`;
}

export interface HttpFunctionDeclaration {
  name: string;
  /**
   * The route below the /api prefix, in the Functions host's syntax: `tickets/{number}`. A route
   * with a leading `/` is taken from the site root instead: the web pages (`/`, `/staff`).
   */
  route: string;
  methods: HttpMethod[];
  /** `anonymous`: the function checks its own bearer tokens; `function`: the host's function key. */
  authLevel: 'anonymous' | 'function';
  /** What the OpenAPI document says of the route (shared/http/openapi.ts): written here, beside the route. */
  doc: RouteDoc;
  handler: HttpHandler;
}

const declared: HttpFunctionDeclaration[] = [];

/**
 * True inside the Functions host (Azure or `func start`). The worker hands out this module from a
 * require hook, so it must be required (as @azure/functions itself does), not resolved on disk.
 */
function insideFunctionsHost(): boolean {
  try {
    require('@azure/functions-core');
    return true;
  } catch {
    return false;
  }
}

/**
 * A handler whose module is imported on its first call, not when its function registers: the host
 * needs every registration at start, and a cold start that loaded every handler (with zod, the
 * schemas and the application layer) took longer than the registrations themselves (issue 21).
 * Each function file names its handler module, `import('./handlers/<file>')`; esbuild makes it a
 * chunk. A failed import is tried again on the next call.
 */
export function onFirstCall<K extends string, M extends Record<K, (...args: never[]) => Promise<unknown>>>(load: () => Promise<M>, name: K): M[K] {
  let loading: Promise<M> | undefined;
  const call = async (...args: Parameters<M[K]>) => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return (await loading)[name](...args);
  };
  return call as M[K];
}

/** The error body and the API's headers: imported with the first request, as they need zod (issue 21). */
let responsesModule: Promise<typeof import('../http/responses')> | undefined;
const responses = () => (responsesModule ??= import('../http/responses'));

/** Every failure becomes the design's JSON error body; every response gets the API's headers. */
function guarded(handler: HttpHandler): HttpHandler {
  return async (request, context) => {
    const { toErrorResponse, withStandardHeaders } = await responses();
    try {
      return withStandardHeaders(await handler(request, context), { inAzure: runsInAzure() });
    } catch (err) {
      const response = toErrorResponse(err);
      // The path only: a query may hold a secret (Azure takes function keys as `?code=`).
      if (response.status === 500) context.error(`${request.method} ${new URL(request.url).pathname} failed`, err);
      return withStandardHeaders(response, { inAzure: runsInAzure() });
    }
  };
}

export function httpFunction(declaration: HttpFunctionDeclaration): void {
  const wrapped = { ...declaration, handler: guarded(declaration.handler) };
  declared.push(wrapped);
  if (insideFunctionsHost()) {
    app.http(declaration.name, {
      route: hostRoute(declaration.route),
      methods: declaration.methods,
      authLevel: declaration.authLevel,
      handler: wrapped.handler,
    });
  }
}

export function declaredHttpFunctions(): readonly HttpFunctionDeclaration[] {
  return declared;
}

// ------------------------------------------------------------------ triggers

/** Thrown by a trigger for input that can never succeed: dead-lettered at once with the reason. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

export type ServiceBusHandler = (message: unknown, context: InvocationContext) => Promise<void>;

export interface ServiceBusFunctionDeclaration {
  name: string;
  /** The Functions connection name; in Azure the setting `<connection>__fullyQualifiedNamespace`. */
  connection: string;
  entity: { topic: string; subscription: string } | { queue: string };
  handler: ServiceBusHandler;
}

/**
 * How often a timer runs: every n seconds, minutes or hours, n dividing the next unit, so that one
 * NCRONTAB expression says the same in Azure as the local host's interval.
 */
export type TimerSchedule = { everySeconds: number } | { everyMinutes: number } | { everyHours: number };

export type TimerFunctionDeclaration = TimerSchedule & {
  name: string;
  handler: (context: InvocationContext) => Promise<void>;
};

/** The interval in milliseconds and the NCRONTAB expression (seconds first) of a schedule. */
export function timerSchedule(schedule: TimerSchedule): { ms: number; ncrontab: string; text: string } {
  const [n, unit, limit, ms, cron] =
    'everySeconds' in schedule
      ? [schedule.everySeconds, 's', 60, 1_000, (k: number) => `*/${k} * * * * *`]
      : 'everyMinutes' in schedule
        ? [schedule.everyMinutes, 'min', 60, 60_000, (k: number) => `0 */${k} * * * *`]
        : [schedule.everyHours, 'h', 24, 3_600_000, (k: number) => `0 0 */${k} * * *`];
  if (!Number.isInteger(n) || n < 1 || limit % n !== 0) throw new Error(`A timer's interval must divide ${limit}${unit}; got ${n}${unit}`);
  return { ms: n * ms, ncrontab: cron(n), text: `every ${n}${unit}` };
}

/**
 * A function fed by a Cosmos DB container's change feed (latest version). In Azure the Functions
 * Cosmos DB trigger runs it, with its leases in `leaseContainer` and a retry policy that retries a
 * failed batch until it succeeds (without one a batch whose handler throws is skipped:
 * learn.microsoft.com/azure/azure-functions/functions-bindings-error-pages, "Retries"); locally
 * local/change-feed-host.ts reads the same feed through the SDK's pull model.
 */
export interface ChangeFeedFunctionDeclaration {
  name: string;
  /** The Functions connection name; in Azure the settings `<connection>__accountEndpoint`, `__credential`, `__clientId`. */
  connection: string;
  container: string;
  leaseContainer: string;
  /** How long the reader waits after draining the feed before it looks again (Azure's feedPollDelay). */
  pollDelayMs: number;
  handler: (documents: unknown[], context: InvocationContext) => Promise<void>;
}

const declaredServiceBus: ServiceBusFunctionDeclaration[] = [];
const declaredTimers: TimerFunctionDeclaration[] = [];
const declaredChangeFeeds: ChangeFeedFunctionDeclaration[] = [];

/**
 * Service Bus redelivers an abandoned message at once, so a store outage of a few seconds would
 * burn through the maximum delivery count and dead-letter good events. When the store is
 * unavailable the handler waits (longer with each delivery, within the lock) before it fails.
 */
function backingOffWhenUnavailable(handler: ServiceBusHandler): ServiceBusHandler {
  return async (message, context) => {
    try {
      await handler(message, context);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unavailable') {
        const deliveries = Number(context.triggerMetadata?.['deliveryCount'] ?? 0);
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** deliveries, 10_000)));
      }
      throw err;
    }
  };
}

export function serviceBusFunction(undecorated: ServiceBusFunctionDeclaration): void {
  const declaration = { ...undecorated, handler: backingOffWhenUnavailable(undecorated.handler) };
  declaredServiceBus.push(declaration);
  if (!insideFunctionsHost()) return;
  const { name, connection, entity } = declaration;
  const handler = async (message: unknown, context: InvocationContext) => {
    try {
      await declaration.handler(message, context);
    } catch (err) {
      // The Node.js worker cannot dead-letter by itself: a poison message is retried up to the
      // entity's maximum delivery count and then dead-lettered by Service Bus; the log says why.
      if (err instanceof PoisonMessageError) context.error(`Poison message ${String(context.triggerMetadata?.['messageId'])}: ${err.message}`);
      throw err;
    }
  };
  if ('queue' in entity) app.serviceBusQueue(name, { connection, queueName: entity.queue, handler });
  else app.serviceBusTopic(name, { connection, topicName: entity.topic, subscriptionName: entity.subscription, handler });
}

export function timerFunction(declaration: TimerFunctionDeclaration): void {
  const { ncrontab } = timerSchedule(declaration);
  declaredTimers.push(declaration);
  if (insideFunctionsHost()) {
    app.timer(declaration.name, { schedule: ncrontab, handler: (_timer, context) => declaration.handler(context) });
  }
}

export function changeFeedFunction(declaration: ChangeFeedFunctionDeclaration): void {
  declaredChangeFeeds.push(declaration);
  if (!insideFunctionsHost()) return;
  app.cosmosDB(declaration.name, {
    connection: declaration.connection,
    databaseName: '%COSMOS_DATABASE%',
    containerName: declaration.container,
    leaseContainerName: declaration.leaseContainer,
    createLeaseContainerIfNotExists: false, // Bicep declares it: data-plane roles cannot create containers
    // From the beginning when no lease exists yet, so nothing written before the first start is missed.
    startFromBeginning: true,
    feedPollDelay: declaration.pollDelayMs,
    maxItemsPerInvocation: 100,
    // Retried until it succeeds: the lease does not move on while the batch waits, so a bus outage
    // delays events and never drops them.
    retry: { strategy: 'exponentialBackoff', maxRetryCount: -1, minimumInterval: { seconds: 1 }, maximumInterval: { minutes: 1 } },
    handler: (documents: unknown[], context: InvocationContext) => declaration.handler(documents, context),
  });
}

export function declaredChangeFeedFunctions(): readonly ChangeFeedFunctionDeclaration[] {
  return declaredChangeFeeds;
}

export function declaredServiceBusFunctions(): readonly ServiceBusFunctionDeclaration[] {
  return declaredServiceBus;
}

export function declaredTimerFunctions(): readonly TimerFunctionDeclaration[] {
  return declaredTimers;
}
