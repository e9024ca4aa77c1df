// The outbox: published right after a write, cleared without losing a concurrent writer's change,
// paused inline for a while after a failure, and swept page by page within a time budget.
// Date.now (what the pause and the sweep's budget read) is set by the tests; the pause lives in
// module state, so Date.now moves an hour on before each test and an earlier test's pause is over.
import * as publishing from '../../../shared/app/event-publishing';
import { addInternalNote } from '../../../shared/domain/lifecycle';
import type { Ticket } from '../../../shared/domain/model';
import { ManualClock, memoryApp, type MemoryTickets } from '../../support/in-memory';
import { T0, agent, at, directory, hoursAfter, newTicket } from '../../support/mothers';

const d = directory();
const admin = agent(d, 'admin');
const number = (i: number) => String(200_000 + i);

let now = Date.parse(hoursAfter(T0, 1));

beforeEach(() => {
  now += 3_600_000;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());

/** An app whose clock reads an hour after the tickets were opened, so their outboxes are due for the sweep. */
function app() {
  return memoryApp({ clock: new ManualClock(Date.parse(hoursAfter(T0, 1))) });
}

/** Tickets just written, each with its `created` event still in the outbox. */
function written(tickets: MemoryTickets, count: number) {
  return Array.from({ length: count }, (_, i) => tickets.seed(newTicket(d, { number: number(i) })));
}

const adminNote = (t: Ticket) => addInternalNote(t, 'Looking into it', admin, d, at(hoursAfter(T0, 1)));

describe('publishing after a write', () => {
  test('a write landing between publish and clear is kept; only the published events leave the outbox', async () => {
    const { deps, tickets, events } = app();
    const [saved] = written(tickets, 1);
    events.before('publish', () => void tickets.seed(adminNote(tickets.stored(saved!.value.number))));

    const latest = await publishing.publishAfterWrite(deps, saved!);

    expect(tickets.outcomes('replace')).toEqual(['precondition_failed', 'ok']); // the fast path was stale; re-read and cleared
    const stored = tickets.stored(saved!.value.number);
    expect(stored.thread.at(-1)).toMatchObject({ type: 'note', body: 'Looking into it' });
    expect(stored.outbox.map((e) => e.type)).toEqual(['note']);
    expect(events.published.map((e) => e.type)).toEqual(['created']);
    expect(latest.value).toEqual(stored); // the client's next If-Match is the stored version's
  });

  test('after a failed publish, requests leave publishing to the sweep for 10 s, then try again', async () => {
    const { deps, tickets, events, log } = app();
    const [first, second, third] = written(tickets, 3);
    events.failNext('publish', new Error('Service Bus is unreachable'));

    await expect(publishing.publishAfterWrite(deps, first!)).resolves.toEqual(first); // the request still succeeds
    expect(log.lines.warn).toEqual([expect.stringMatching(/the outbox sweep will retry: Service Bus is unreachable/)]);

    now += 9_999;
    await publishing.publishAfterWrite(deps, second!);
    expect(events.outcomes('publish')).toEqual(['error']); // paused: not even tried
    expect(tickets.stored(second!.value.number).outbox).toHaveLength(1);

    now += 1;
    await publishing.publishAfterWrite(deps, third!);
    expect(events.outcomes('publish')).toEqual(['error', 'ok']);
    expect(tickets.stored(third!.value.number).outbox).toEqual([]);
  });

  test('a sweep that publishes ends the pause at once', async () => {
    const { deps, tickets, events } = app();
    const [first] = written(tickets, 2);
    events.failNext('publish', new Error('Service Bus is unreachable'));
    await publishing.publishAfterWrite(deps, first!);

    expect(await publishing.sweepOutboxes(deps)).toBe(2); // both tickets' backlog
    const third = tickets.seed(newTicket(d, { number: number(99) }));
    await publishing.publishAfterWrite(deps, third); // still within the 10 s

    expect(events.outcomes('publish')).toEqual(['error', 'ok', 'ok', 'ok']);
    expect(tickets.all().every((t) => t.outbox.length === 0)).toBe(true);
  });
});

describe('the outbox sweep', () => {
  test('goes page after page until a short page, and leaves outboxes younger than the cutoff alone', async () => {
    const { deps, tickets, events } = app();
    written(tickets, 25);
    const young = tickets.seed(newTicket(d, { number: number(50) }, hoursAfter(T0, 1)));

    expect(await publishing.sweepOutboxes(deps, { pageSize: 10 })).toBe(25);

    expect(tickets.outcomes('pendingOutboxes')).toHaveLength(3); // 10, 10, then 5 ends it
    expect(events.published).toHaveLength(25);
    expect(tickets.stored(young.value.number).outbox).toHaveLength(1);
  });

  test('stops when its time is up, leaving the rest for the next run', async () => {
    const { deps, tickets, events } = app();
    written(tickets, 100);
    // Every page takes 3 s: after the third page (9 s) the 8 s budget is spent.
    for (let i = 0; i < 10; i++) tickets.before('pendingOutboxes', () => void (now += 3_000));

    expect(await publishing.sweepOutboxes(deps, { pageSize: 10, maxMs: 8_000 })).toBe(30);

    expect(tickets.outcomes('pendingOutboxes')).toHaveLength(3);
    expect(events.published).toHaveLength(30);
    expect(tickets.all().filter((t) => t.outbox.length > 0)).toHaveLength(70);
  });
});
