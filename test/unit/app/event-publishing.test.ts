// Publishing from the change feed: a batch of changed tickets sends the events in their outboxes;
// an event already sent by this instance is not sent again; a refused send fails the batch (so it
// is retried) and remembers nothing; events past the outbox retention are never sent; a lagging
// publisher warns, then alarms. Pruning the outbox is the domain's (a write drops old events).
import { forgetSentEvents, publishChangedTickets, PUBLISH_LAG_ALARM_MS, PUBLISH_LAG_WARNING_MS } from '../../../shared/app/event-publishing';
import { DomainError } from '../../../shared/domain/errors';
import { addInternalNote, OUTBOX_RETENTION_MS } from '../../../shared/domain/lifecycle';
import type { Ticket } from '../../../shared/domain/model';
import { ManualClock, memoryApp } from '../../support/in-memory';
import { T0, agent, at, directory, hoursAfter, newTicket } from '../../support/mothers';

const d = directory();
const admin = agent(d, 'admin');

/** A ticket as the change feed brings it: the stored document with the write time in seconds. */
const fromFeed = (t: Ticket, writtenAt: string) => ({ ...t, _ts: Date.parse(writtenAt) / 1000, _etag: '"x"', _lsn: 1 });

function app(now = T0) {
  return memoryApp({ clock: new ManualClock(Date.parse(now)) });
}

beforeEach(() => forgetSentEvents());

describe('publishing the changed tickets of the feed', () => {
  test("each ticket's outbox events go to the bus, in the outbox's order", async () => {
    const { deps, events } = app();
    const a = newTicket(d, { number: '100001' });
    const b = addInternalNote(newTicket(d, { number: '100002' }), 'Looking into it', admin, d, at(T0));
    const result = await publishChangedTickets(deps, [fromFeed(a, T0), fromFeed(b, T0)]);
    expect(events.published.map((e) => [e.ticketNumber, e.type])).toEqual([
      ['100001', 'created'],
      ['100002', 'created'],
      ['100002', 'note'],
    ]);
    expect(result).toEqual({ published: 3, lagMs: 0 });
  });

  test('a ticket written again comes back with its earlier events: only the new one is sent', async () => {
    const { deps, events } = app();
    const opened = newTicket(d, { number: '100003' });
    await publishChangedTickets(deps, [fromFeed(opened, T0)]);
    const noted = addInternalNote(opened, 'Looking into it', admin, d, at(T0));
    await publishChangedTickets(deps, [fromFeed(noted, T0)]);
    expect(events.published.map((e) => e.type)).toEqual(['created', 'note']);
  });

  test('after a restart the same events are sent again (the bus drops the repeated ids)', async () => {
    const { deps, events } = app();
    const opened = newTicket(d, { number: '100004' });
    await publishChangedTickets(deps, [fromFeed(opened, T0)]);
    forgetSentEvents();
    await publishChangedTickets(deps, [fromFeed(opened, T0)]);
    const ids = events.published.map((e) => e.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]); // the same message id both times: what duplicate detection keys on
  });

  test('a refused send fails the batch and remembers nothing, so the retried batch sends it all', async () => {
    const { deps, events } = app();
    const opened = newTicket(d, { number: '100005' });
    events.failNext('publish', new DomainError('unavailable', 'Service Bus is unavailable'));
    await expect(publishChangedTickets(deps, [fromFeed(opened, T0)])).rejects.toThrow('unavailable');
    await publishChangedTickets(deps, [fromFeed(opened, T0)]);
    expect(events.outcomes('publish')).toEqual(['unavailable', 'ok']);
    expect(events.published.map((e) => e.type)).toEqual(['created']);
  });

  test('events older than the outbox retention are not sent (a feed read from the beginning)', async () => {
    const later = new Date(Date.parse(T0) + OUTBOX_RETENTION_MS + 60_000).toISOString();
    const { deps, events } = app(later);
    const old = newTicket(d, { number: '100006' });
    const fresh = addInternalNote(old, 'Still on it', admin, d, at(later));
    await publishChangedTickets(deps, [fromFeed(fresh, later)]);
    expect(events.published.map((e) => e.type)).toEqual(['note']);
  });

  test('a publisher behind the writes warns past a minute and alarms past an hour', async () => {
    const { deps, log } = app(T0);
    const ticket = newTicket(d, { number: '100007' });
    const writtenBefore = (ms: number) => new Date(Date.parse(T0) - ms).toISOString();
    await publishChangedTickets(deps, [fromFeed(ticket, writtenBefore(PUBLISH_LAG_WARNING_MS / 2))]);
    expect([log.lines.warn, log.lines.error]).toEqual([[], []]);
    const { lagMs } = await publishChangedTickets(deps, [fromFeed(ticket, writtenBefore(PUBLISH_LAG_WARNING_MS * 2))]);
    expect(lagMs).toBe(PUBLISH_LAG_WARNING_MS * 2);
    expect(log.lines.warn).toEqual([expect.stringMatching(/120 s behind/)]);
    await publishChangedTickets(deps, [fromFeed(ticket, writtenBefore(PUBLISH_LAG_ALARM_MS * 2))]);
    expect(log.lines.error).toEqual([expect.stringMatching(/120 min behind.*would be lost/)]);
  });

  test('documents that are not tickets are passed over', async () => {
    const { deps, events } = app();
    await expect(publishChangedTickets(deps, [{ id: 'x' }, null, 'text'])).resolves.toEqual({ published: 0, lagMs: 0 });
    expect(events.outcomes('publish')).toEqual([]);
  });
});

describe('the outbox keeps events for the retention, then a write prunes them', () => {
  test('a write keeps the recent events and drops those past the retention', () => {
    const opened = newTicket(d, { number: '100008' });
    const soon = addInternalNote(opened, 'First look', admin, d, at(hoursAfter(T0, 1)));
    expect(soon.outbox.map((e) => e.type)).toEqual(['created', 'note']);
    const later = hoursAfter(T0, OUTBOX_RETENTION_MS / 3_600_000 + 0.5);
    const pruned = addInternalNote(soon, 'Second look', admin, d, at(later));
    expect(pruned.outbox.map((e) => [e.type, e.time])).toEqual([
      ['note', hoursAfter(T0, 1)],
      ['note', later],
    ]);
  });
});
