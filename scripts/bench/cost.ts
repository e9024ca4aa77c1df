// Cost: Cosmos DB requests per lifecycle action, counted at the store layer (CosmosStore's
// onRequest) while the application's own use cases run in this process against a local Cosmos
// server, and from them ESTIMATED request units and prices on Azure. The local server reports a
// charge of 1 for everything, so request units come from the documented rules below, scaled by
// the size of the ticket document at each step. Service Bus operations are counted from the
// events and timers the actions produce. All prices are list prices (USD, pay-as-you-go) at the
// time of writing: estimates, not quotes. Check https://azure.microsoft.com/pricing/.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachedDirectory } from '../../shared/app/cached-directory';
import { openCustomerTicket } from '../../shared/app/customer-tickets';
import type { AppDeps } from '../../shared/app/deps';
import { notify } from '../../shared/app/notifications';
import { seedDirectory } from '../../shared/app/seed';
import { checkDueTime, scheduleForEvent } from '../../shared/app/sla-timers';
import { authenticateAgent } from '../../shared/app/sign-in';
import { changeTicket, replyToTicket } from '../../shared/app/staff-tickets';
import { createServices } from '../../shared/composition';
import { loadConfig } from '../../shared/load-config';
import type { LifecycleEvent } from '../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { CosmosStore } from '../../shared/store/cosmos';
import { startLocalCosmos } from '../../local/cosmos-server';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { HELPDESK_ENTITIES } from '../../local/servicebus';
import { EVENTS_TOPIC } from '../../shared/bus/topology';
import { agentToken, newTicketBody } from './stack';
import { figure, progress, type Figure } from './stats';

// ------------------------------------------------------------------ the assumptions, in one place

/**
 * Request units by document size (KB -> RU), from the table "Document size / Read operation /
 * Write operation" in Microsoft Learn, "Understand request unit consumption in Azure Cosmos DB"
 * (learn.microsoft.com/azure/cosmos-db/understand-request-unit-consumption; session consistency).
 * A point read of 1 KB is 1 RU (learn.microsoft.com/azure/cosmos-db/request-units). We use the
 * write column for creates and for replaces alike, with linear interpolation between rows; real
 * charges also depend on how many properties are indexed (the tickets container leaves the
 * thread and outbox out of the index, which is why a long thread costs little more to write).
 */
const RU_TABLE: readonly [kb: number, read: number, write: number][] = [
  [1, 1.0, 4.95],
  [2, 1.04, 6.29],
  [4, 1.14, 6.67],
  [8, 1.33, 7.04],
  [16, 1.67, 9.52],
  [32, 2.19, 11.23],
  [64, 4.76, 22.67],
  [128, 9.95, 48.19],
  [256, 20.28, 98.29],
  [512, 40.95, 184.57],
];

/** A small query answered from the index (directory load, sweeps): about 3 RU. An assumption: queries have no table. */
const QUERY_RU = 3;

/** Cosmos DB serverless: USD 0.25 per million request units (list price; storage billed apart). */
const COSMOS_SERVERLESS_USD_PER_MILLION_RU = 0.25;

/**
 * Service Bus Standard: a base charge of about USD 0.0135 an hour (~USD 10 a month) includes the
 * first 13 million operations a month; the next 87 million cost about USD 0.80 per million. "An
 * operation is any API call": we count a send, a receive and a complete as one operation each, per
 * message (scheduling a message is a send), which is the conservative reading.
 */
const SERVICE_BUS_BASE_USD_PER_MONTH = 0.0135 * 730;
const SERVICE_BUS_INCLUDED_OPS_PER_MONTH = 13_000_000;
const SERVICE_BUS_USD_PER_MILLION_OPS = 0.8;
/** One event: a send to the topic, then a receive and a complete on each of its subscriptions. */
const OPS_PER_EVENT = 1 + 2 * (HELPDESK_ENTITIES.topics.find((t) => t.name === EVENTS_TOPIC)?.subscriptions.length ?? 0);
/** One SLA timer: the scheduled send, then a receive and a complete when it comes due. */
const OPS_PER_TIMER = 3;

function interpolate(kb: number, column: 1 | 2): number {
  const rows = RU_TABLE;
  if (kb <= rows[0]![0]) return rows[0]![column];
  for (let i = 1; i < rows.length; i++) {
    const [k1, ...v1] = rows[i]!;
    const [k0, ...v0] = rows[i - 1]!;
    if (kb <= k1) return v0[column - 1]! + ((v1[column - 1]! - v0[column - 1]!) * (kb - k0)) / (k1 - k0);
  }
  return rows.at(-1)![column] * (kb / rows.at(-1)![0]);
}

/** Estimated RU of one counted request, given the size of the ticket document it touched. */
export function estimateRu(operation: string, ticketKb: number): number {
  const [verb, container] = operation.split(' ');
  const kb = container === 'tickets' ? ticketKb : 1; // directory entries, idempotency records, claims and audit entries are well under 1 KB
  if (verb === 'read') return interpolate(kb, 1);
  if (verb === 'create' || verb === 'replace' || verb === 'delete') return interpolate(kb, 2);
  return QUERY_RU; // queries and counts
}

// ------------------------------------------------------------------ counting

interface Step {
  action: string;
  /** For the change feed's reads: which ticket and which action's write. */
  after?: { ticket: number; action: string };
  requests: number;
  ru: number;
  busOps: number;
}

export interface CostOptions {
  tickets: number;
}

export async function benchCost(options: CostOptions): Promise<Figure[]> {
  const cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  const mailDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-cost-mail-'));
  const env = {
    ...LOCAL_DEFAULTS,
    COSMOS_ENDPOINT: cosmos.endpoint,
    // Never connected: the events and timers are captured below instead of sent.
    SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=bench;SharedAccessKey=bench;UseDevelopmentEmulator=true',
    MAIL_OUTBOX_DIR: mailDir,
    HELPDESK_SECRET: randomBytes(32).toString('base64url'),
  };
  const svc = createServices(loadConfig(env), env);
  let counted: string[] = [];
  const store = new CosmosStore({
    endpoint: cosmos.endpoint,
    database: svc.config.cosmos.database,
    key: LOCAL_DEFAULTS.COSMOS_KEY,
    onRequest: (operation) => counted.push(operation),
  });
  const published: LifecycleEvent[] = [];
  const timers: { ticketNumber: string; dueAt: string }[] = [];
  // The app's dependencies with the counting store in every Cosmos role and capturing bus ports.
  const deps: AppDeps = {
    ...svc,
    tickets: store,
    idempotency: store.idempotencyRecords,
    claims: store.claims,
    directory: new CachedDirectory(store.directoryEntries),
    audit: store.auditEntries,
    ticketReferences: store.ticketReferences,
    events: { publish: async (events) => void published.push(...events) },
    dueTimes: { scheduleCheck: async (ticketNumber, dueAt) => void timers.push({ ticketNumber, dueAt }), scheduleRecompute: async () => undefined },
    log: { info: () => undefined, warn: (m) => progress(`cost: ${m}`), error: (m) => progress(`cost: ${m}`) },
  };
  const steps: Step[] = [];
  // What the change feed then does with each ticket write: the trigger reads the written version
  // (about a point read of its size) and the publisher sends its new outbox events. One uncounted
  // read of the ticket gives both its size and those events: measuring is not part of the cost.
  const sent = new Set<string>();
  let current = 0;
  const afterWrite = async (number: string): Promise<number> => {
    const doc = number ? await svc.store.get(number) : null;
    for (const e of doc?.value.outbox ?? []) if (!sent.has(e.id)) (sent.add(e.id), published.push(e));
    return doc ? Buffer.byteLength(JSON.stringify(doc.value)) / 1024 + 0.2 : 1; // + system properties
  };
  const measure = async (action: string, number: () => string, run: () => Promise<void>) => {
    counted = [];
    const events = published.length;
    const scheduled = timers.length;
    await run();
    const ticketWrites = counted.filter((op) => op === 'create tickets' || op === 'replace tickets').length;
    const kb = await afterWrite(number());
    steps.push({
      action,
      requests: counted.length,
      ru: counted.reduce((sum, op) => sum + estimateRu(op, kb), 0),
      busOps: (published.length - events) * OPS_PER_EVENT + (timers.length - scheduled) * OPS_PER_TIMER,
    });
    if (ticketWrites > 0) steps.push({ action: 'change feed -> publish', after: { ticket: current, action }, requests: ticketWrites, ru: ticketWrites * estimateRu('read tickets', kb), busOps: 0 });
  };
  try {
    await svc.store.ensureSchema();
    await seedDirectory(svc.directory, DEMO_DIRECTORY);
    const [admin, john] = await Promise.all([agentToken('admin@example.com'), agentToken('john@example.com')]);
    for (let i = 0; i < options.tickets; i++) {
      current = i;
      let number = '';
      const body = newTicketBody(i);
      const request = { customer: { name: body.name, email: body.email, phone: null }, topicId: body.topicId, subject: body.subject, message: body.message, source: 'api' as const };
      await measure('intake', () => number, async () => {
        number = (await openCustomerTicket(deps, request)).ticket.number;
      });
      // The same request with an Idempotency-Key, on a ticket of its own: the key costs a record.
      let keyed = '';
      await measure('intake with Idempotency-Key', () => keyed, async () => {
        keyed = (await openCustomerTicket(deps, { ...request, subject: `${request.subject} (keyed)` }, `bench-${i}-${Date.now()}`)).ticket.number;
      });
      await measure('assign', () => number, async () => {
        await changeTicket(deps, await authenticateAgent(deps, admin), number, { assigneeId: 'john' });
      });
      await measure('reply', () => number, async () => {
        await replyToTicket(deps, await authenticateAgent(deps, john), number, { message: 'We replaced the fuser; please try again.' });
      });
      await measure('resolve', () => number, async () => {
        await changeTicket(deps, await authenticateAgent(deps, john), number, { status: 'resolved' });
      });
      // What the subscribers do with this ticket's events: notifications and SLA scheduling.
      const mine = published.filter((e) => e.ticketNumber === number);
      await measure('events -> notifications', () => number, async () => {
        for (const e of mine) await notify(deps, e);
      });
      await measure('events -> SLA scheduling', () => number, async () => {
        for (const e of mine) await scheduleForEvent(deps, e);
      });
      // The timer comes due long after the ticket was resolved: one read, then nothing.
      await measure('SLA timer comes due', () => number, async () => {
        for (const t of timers.filter((x) => x.ticketNumber === number)) await checkDueTime(deps, t);
      });
      if ((i + 1) % 10 === 0) progress(`cost: ${i + 1}/${options.tickets} ticket lifecycles counted`);
    }
  } finally {
    store.dispose();
    svc.store.dispose();
    await svc.bus.close().catch(() => undefined);
    await cosmos.stop();
    rmSync(mailDir, { recursive: true, force: true });
  }

  const of = (action: string) => steps.filter((s) => s.action === action);
  const g = 'Cost (estimates: documented RU rules, list prices)';
  const figures: Figure[] = [];
  const actions = [...new Set(steps.map((s) => s.action))];
  for (const action of actions) {
    const rows = of(action);
    figures.push(figure(g, `${action}: Cosmos requests`, 'requests', rows.map((s) => s.requests)));
    figures.push(figure(g, `${action}: est. RU`, 'RU', rows.map((s) => s.ru)));
  }
  // One lifecycle = intake (no key), assign, reply, resolve, the change feed's reads of those four
  // writes, and what their events and timer cost.
  const lifecycle = ['intake', 'assign', 'reply', 'resolve', 'events -> notifications', 'events -> SLA scheduling', 'SLA timer comes due'];
  const perTicket = Array.from({ length: options.tickets }, (_, i) => {
    const feed = of('change feed -> publish').filter((s) => s.after?.ticket === i && lifecycle.includes(s.after.action));
    const rows = [...lifecycle.map((a) => of(a)[i]!), ...feed];
    return { requests: rows.reduce((n, s) => n + s.requests, 0), ru: rows.reduce((n, s) => n + s.ru, 0), busOps: rows.reduce((n, s) => n + s.busOps, 0) };
  });
  const rawCreateRu = estimateRu('create tickets', 1.5);
  figures.push(figure(g, 'per ticket lifecycle: Cosmos requests', 'requests', perTicket.map((t) => t.requests), { baseline: { name: 'one raw create', perRun: [1] } }));
  figures.push(figure(g, 'per 1,000 tickets: est. RU', 'RU', perTicket.map((t) => t.ru * 1000), { baseline: { name: '1,000 raw creates', perRun: [rawCreateRu * 1000] } }));
  figures.push(figure(g, 'per 1,000 tickets: Cosmos DB serverless', 'USD', perTicket.map((t) => (t.ru * 1000 * COSMOS_SERVERLESS_USD_PER_MILLION_RU) / 1e6)));
  figures.push(figure(g, 'per 1,000 tickets: Service Bus operations', 'ops', perTicket.map((t) => t.busOps * 1000)));
  figures.push(
    figure(g, 'per 1,000 tickets: Service Bus (beyond the included 13M ops/month)', 'USD', perTicket.map((t) => (t.busOps * 1000 * SERVICE_BUS_USD_PER_MILLION_OPS) / 1e6), {
      note:
        `Estimates. Cosmos DB serverless USD ${COSMOS_SERVERLESS_USD_PER_MILLION_RU}/million RU; Service Bus Standard base ~USD ${SERVICE_BUS_BASE_USD_PER_MONTH.toFixed(2)}/month ` +
        `includes ${SERVICE_BUS_INCLUDED_OPS_PER_MONTH / 1e6}M operations, then USD ${SERVICE_BUS_USD_PER_MILLION_OPS}/million. ` +
        `Fixed besides (idle): the SLA sweep's two queries every 15 min, ~${(((30 * 96 * 2) * QUERY_RU) / 1e3).toFixed(1)}k RU/month; no outbox sweep (events leave through the change feed).`,
    }),
  );
  return figures;
}
