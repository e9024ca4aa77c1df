// Intake while a backing service goes away and comes back. Cosmos DB down: clients get clear
// 503s (the design's error body, Retry-After) and every ticket acknowledged with 201 exists
// afterwards. Service Bus down: intake goes on (events wait in the outbox), and every ticket's
// events are delivered once it is back.
import { startInProcessStack, type InProcessStack } from './in-process-stack';
import { customerBody, customerMailNumbers, request, sleep, waitFor, type Answer } from './support';

let stack: InProcessStack;

beforeAll(async () => {
  stack = await startInProcessStack();
}, 60_000);
afterAll(() => stack?.stop());

/** Why mail is missing, when it is: printed so a failure says more than a list of numbers. */
function report(what: string, created: { number: string }[], mails: Map<string, number>): void {
  const missing = created.filter((t) => !mails.has(t.number)).length;
  const duplicated = created.filter((t) => (mails.get(t.number) ?? 0) > 1).length;
  const failures = stack.logs.filter((l) => /failed|dead-letter|poison/i.test(l));
  console.log(`${what}: ${created.length} tickets acknowledged, auto-responses missing for ${missing}, duplicated for ${duplicated}; ${failures.length} failure lines logged${failures.length ? `, e.g.\n  ${failures.slice(0, 5).join('\n  ')}` : ''}`);
}

interface Sent {
  at: number;
  answer: Answer;
}

/** Opens tickets from `clients` loops until `stopped()`; every answer is kept with its time. */
function intakeLoad(prefix: string, clients: number, stopped: () => boolean, pauseMs = 0): Promise<Sent[]> {
  const sent: Sent[] = [];
  let i = 0;
  return Promise.all(
    Array.from({ length: clients }, async () => {
      while (!stopped()) {
        const answer = await request(stack.api, 'POST', '/tickets', { json: customerBody(`${prefix}-${i++}`) });
        sent.push({ at: Date.now(), answer });
        if (answer.status !== 201 || pauseMs) await sleep(pauseMs || 50); // a client that got an error does not hammer
      }
    }),
  ).then(() => sent);
}

test('Cosmos DB stopped and restarted mid-intake: clear 503s while down, every 201 ticket exists afterwards', async () => {
  let stop = false;
  // A steady trickle: enough to hit the outage from several clients, few enough to drain in bounds.
  const load = intakeLoad('cosmos', 3, () => stop, 20);
  await sleep(1_500);
  await stack.stopCosmos();
  const downFrom = Date.now();
  await sleep(4_000);
  const downUntil = Date.now();
  await stack.startCosmos();
  await sleep(4_000);
  stop = true;
  const sent = await load;

  const statuses = new Map<number, number>();
  for (const s of sent) statuses.set(s.answer.status, (statuses.get(s.answer.status) ?? 0) + 1);
  console.log(`Cosmos outage: answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
  // Only two answers are acceptable: created, or a clear "unavailable" with the design's body.
  expect([...statuses.keys()].filter((s) => s !== 201 && s !== 503)).toEqual([]);
  const unavailable = sent.filter((s) => s.answer.status === 503);
  expect(unavailable.filter((s) => s.at >= downFrom && s.at <= downUntil + 2_000).length).toBeGreaterThan(0);
  const clear503 = { body: { error: { code: 'unavailable', message: expect.any(String), details: [] } }, retryAfter: expect.stringMatching(/^\d+$/) };
  expect(unavailable.map((s) => ({ body: s.answer.body, retryAfter: s.answer.headers.get('retry-after') }))).toEqual(unavailable.map(() => clear503));
  // Back up: intake works again.
  expect(sent.filter((s) => s.at > downUntil + 2_000 && s.answer.status === 201).length).toBeGreaterThan(0);

  // Every acknowledged ticket survived the restart (the journal replay) and opens with its token.
  const created = sent.filter((s) => s.answer.status === 201).map((s) => s.answer.body as { number: string; accessToken: string });
  const missing: string[] = [];
  for (const t of created) {
    const r = await request(stack.api, 'GET', `/tickets/${t.number}`, { token: t.accessToken });
    if (r.status !== 200) missing.push(`${t.number}: ${r.status}`);
  }
  expect(missing).toEqual([]);

  // And their events went out: one auto-response each (some only after the outbox sweep).
  await waitFor(() => customerMailNumbers(stack.mailOutbox), (m) => created.every((t) => m.has(t.number)), 120_000, 1_000);
  // Exactly once: counted again after a quiet period, so a late duplicate is seen.
  await sleep(3_000);
  const mails = customerMailNumbers(stack.mailOutbox);
  report('Cosmos outage', created, mails);
  expect(created.filter((t) => mails.get(t.number) !== 1).map((t) => t.number)).toEqual([]);
}, 240_000);

test('Service Bus stopped and restarted mid-intake: intake goes on, every event is delivered once it is back', async () => {
  let stop = false;
  // A steady trickle rather than a flood: the backlog must drain within the test's bound.
  const load = intakeLoad('bus', 2, () => stop, 20);
  await sleep(1_500);
  await stack.stopBus();
  await sleep(4_000);
  await stack.startBus();
  await sleep(2_000);
  stop = true;
  const sent = await load;

  const statuses = new Map<number, number>();
  for (const s of sent) statuses.set(s.answer.status, (statuses.get(s.answer.status) ?? 0) + 1);
  console.log(`Service Bus outage: answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
  // The outbox makes the bus optional for intake: nothing but 201.
  expect([...statuses.keys()]).toEqual([201]);
  const created = sent.map((s) => s.answer.body as { number: string });
  await waitFor(() => customerMailNumbers(stack.mailOutbox), (m) => created.every((t) => m.has(t.number)), 120_000, 1_000);
  // Exactly once: counted again after a quiet period, so a late duplicate is seen.
  await sleep(3_000);
  const mails = customerMailNumbers(stack.mailOutbox);
  report('Service Bus outage', created, mails);
  expect(created.filter((t) => mails.get(t.number) !== 1).map((t) => t.number)).toEqual([]);
}, 240_000);
