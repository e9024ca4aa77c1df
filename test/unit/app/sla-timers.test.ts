// SLA timers and the overdue sweep over in-memory ports: when a check marks a ticket overdue, when
// it waits, goes round again or does nothing; what the sweep marks; which events schedule a check.
import { checkDueTime, scheduleForEvent, sweepOverdue } from '../../../shared/app/sla-timers';
import type { LifecycleEvent, Ticket } from '../../../shared/domain/model';
import { ManualClock, memoryApp } from '../../support/in-memory';
import { DEMO_DIRECTORY } from '../../../shared/seed/demo-directory';
import { T0, directory, hoursAfter, newTicket } from '../../support/mothers';

const d = directory();

/** An open ticket due at `dueAt`, stored in a fresh in-memory app whose clock reads `now`. */
function appWith(dueAt: string, now: { now(): Date }, number = '100001') {
  const app = memoryApp({ clock: now });
  const ticket = app.tickets.seed({ ...newTicket(d, { number }), dueAt }).value;
  return { ...app, ticket };
}

const clockAt = (iso: string) => new ManualClock(Date.parse(iso));

describe('the check for one due time', () => {
  afterEach(() => jest.useRealTimers());

  test('a check that arrives a hair early waits out the rest, then marks the ticket overdue', async () => {
    const due = Date.parse(hoursAfter(T0, 1));
    // Only Date and the timers are faked: the wait is seen on the clock, not measured.
    jest.useFakeTimers({ now: due - 150 });
    const { deps, tickets, dueTimes, events, ticket } = appWith(new Date(due).toISOString(), { now: () => new Date() });
    let outcome: string | undefined;
    const checking = checkDueTime(deps, { ticketNumber: ticket.number, dueAt: ticket.dueAt! }).then((o) => (outcome = o));

    await jest.advanceTimersByTimeAsync(149);
    expect(outcome).toBeUndefined(); // still waiting, nothing written
    expect(tickets.outcomes('replace')).toEqual([]);

    await jest.advanceTimersByTimeAsync(1);
    await checking;
    expect(outcome).toBe('overdue');
    expect(tickets.stored(ticket.number).overdue).toBe(true);
    expect(dueTimes.scheduled).toEqual([]);
    expect(tickets.emitted().map((e) => e.type)).toContain('overdue');
  });

  test('a check that arrives far too early is scheduled again under a new message id', async () => {
    const { deps, tickets, dueTimes, ticket } = appWith('2026-11-24T10:00:00.000Z', clockAt('2026-11-24T09:00:00.000Z'));
    expect(await checkDueTime(deps, { ticketNumber: ticket.number, dueAt: ticket.dueAt! })).toBe('early');
    expect(dueTimes.scheduled).toEqual([{ ticketNumber: ticket.number, dueAt: '2026-11-24T10:00:00.000Z', again: true }]);
    expect(tickets.stored(ticket.number).overdue).toBe(false);
  });

  test('a check for a due time that changed since is stale and does nothing', async () => {
    const { deps, tickets, dueTimes, ticket } = appWith('2026-11-24T10:00:00.000Z', clockAt('2026-11-24T11:00:00.000Z'));
    expect(await checkDueTime(deps, { ticketNumber: ticket.number, dueAt: '2026-11-24T09:30:00.000Z' })).toBe('stale');
    expect(dueTimes.scheduled).toEqual([]);
    expect(tickets.outcomes('replace')).toEqual([]);
    expect(tickets.stored(ticket.number).overdue).toBe(false);
  });
});

describe('a pending ticket', () => {
  test('a check that fires while the ticket is pending does nothing: its clocks are stopped', async () => {
    const { deps, tickets, dueTimes, events, ticket } = appWith('2026-11-24T10:00:00.000Z', clockAt('2026-11-24T11:00:00.000Z'));
    tickets.seed({ ...ticket, status: 'pending', pendingSince: '2026-11-24T09:30:00.000Z', firstResponseDueAt: '2026-11-24T10:00:00.000Z' });
    expect(await checkDueTime(deps, { ticketNumber: ticket.number, dueAt: '2026-11-24T10:00:00.000Z' })).toBe('paused');
    expect(await checkDueTime(deps, { ticketNumber: ticket.number, dueAt: '2026-11-24T10:00:00.000Z', target: 'firstResponse' })).toBe('paused');
    expect(tickets.outcomes('replace')).toEqual([]);
    expect(dueTimes.scheduled).toEqual([]);
    expect(tickets.emitted()).toEqual([]);
    expect(tickets.stored(ticket.number)).toMatchObject({ overdue: false, firstResponseOverdue: false });
  });
});

describe('warnings before a breach', () => {
  /** The seed with the Default plan warning an hour before (24/7), and one ticket due at T0 + 18 h, the clock at `now`. */
  function warningApp(now: string) {
    const entries = DEMO_DIRECTORY.map((e) => (e.kind === 'slaPlan' && e.id === 'default' ? { ...e, warnBeforeMinutes: 60 } : e));
    const app = memoryApp({ clock: clockAt(now), directory: entries });
    const ticket = app.tickets.seed({ ...newTicket(d), outbox: [] }).value;
    return { ...app, ticket };
  }

  test('each due time an event sets is timed twice when the plan warns: the check at the due time, the warning before it', async () => {
    const { deps, dueTimes, ticket } = warningApp(T0);
    expect(await scheduleForEvent(deps, { id: 'e1', type: 'created', ticketNumber: ticket.number, time: T0, actor: { type: 'system', name: 'Help desk' }, data: { dueAt: ticket.dueAt } })).toBe(true);
    expect(dueTimes.scheduled).toEqual([
      { ticketNumber: ticket.number, dueAt: hoursAfter(T0, 18), again: false },
      { ticketNumber: ticket.number, dueAt: hoursAfter(T0, 18), again: false, warnAt: hoursAfter(T0, 17) },
    ]);
  });

  test('the warning timer records the warning and publishes it, once; an early one goes round again; a pending ticket waits', async () => {
    const timer = (dueAt: string) => ({ ticketNumber: '100001', dueAt, warnAt: hoursAfter(T0, 17) });
    const early = warningApp(T0);
    expect(await checkDueTime(early.deps, timer(early.ticket.dueAt!))).toBe('early');
    expect(early.dueTimes.scheduled).toEqual([{ ticketNumber: '100001', dueAt: early.ticket.dueAt, again: true, warnAt: hoursAfter(T0, 17) }]);

    const { deps, tickets, events, ticket } = warningApp(hoursAfter(T0, 17));
    expect(await checkDueTime(deps, timer(ticket.dueAt!))).toBe('warned');
    expect(tickets.stored(ticket.number)).toMatchObject({ slaWarningAt: hoursAfter(T0, 17), overdue: false });
    expect(tickets.emitted().map((e) => e.type)).toEqual(['sla.warning']);
    expect(await checkDueTime(deps, timer(ticket.dueAt!))).toBe('stale');
    expect(tickets.emitted().map((e) => e.type)).toEqual(['sla.warning']);

    const paused = warningApp(hoursAfter(T0, 17));
    paused.tickets.seed({ ...paused.ticket, status: 'pending', pendingSince: T0 });
    expect(await checkDueTime(paused.deps, timer(paused.ticket.dueAt!))).toBe('paused');
    expect(paused.tickets.emitted()).toEqual([]);
  });
});

describe('the overdue sweep', () => {
  const due = hoursAfter(T0, 2);
  const after = clockAt(hoursAfter(T0, 3));

  function backlog(tickets: { seed(t: Ticket): unknown }, specs: Partial<Ticket>[]) {
    specs.forEach((spec, i) => tickets.seed({ ...newTicket(d, { number: String(300_001 + i) }), dueAt: due, ...spec }));
  }

  test('marks the open tickets past due that no timer marked, and leaves the rest alone', async () => {
    const { deps, tickets, events, log } = memoryApp({ clock: after });
    backlog(tickets, [{}, { overdue: true }, { dueAt: hoursAfter(T0, 4) }, { status: 'closed' }, {}]);

    expect(await sweepOverdue(deps)).toBe(2);

    expect(tickets.all().filter((t) => t.overdue).map((t) => t.number)).toEqual(['300001', '300002', '300005']);
    expect(tickets.stored('300003').overdue).toBe(false); // not due yet
    expect(tickets.stored('300004').overdue).toBe(false); // closed
    expect(tickets.emitted().filter((e) => e.type === 'overdue').map((e) => e.ticketNumber)).toEqual(['300001', '300005']);
    expect(log.lines.info).toEqual(['SLA sweep marked 2 ticket(s) overdue']);
  });

  test('marks at most `limit` tickets a run; the next run takes the rest', async () => {
    const { deps, tickets } = memoryApp({ clock: after });
    backlog(tickets, [{}, {}, {}]);

    expect(await sweepOverdue(deps, 2)).toBe(2);
    expect(tickets.all().filter((t) => t.overdue)).toHaveLength(2);
    expect(await sweepOverdue(deps, 2)).toBe(1);
    expect(await sweepOverdue(deps, 2)).toBe(0);
  });

  test('a timer arriving after the sweep marked its ticket finds it stale: one overdue alert, not two', async () => {
    const { deps, tickets, events } = memoryApp({ clock: after });
    backlog(tickets, [{}]);

    await sweepOverdue(deps);
    expect(await checkDueTime(deps, { ticketNumber: '300001', dueAt: due })).toBe('stale');

    expect(tickets.emitted().filter((e) => e.type === 'overdue')).toHaveLength(1);
    expect(tickets.outcomes('replace').filter((o) => o === 'ok')).toHaveLength(1); // marked once; nothing more
  });
});

describe('the sweep catches first-response targets too', () => {
  const firstDue = hoursAfter(T0, 1);
  const after = clockAt(hoursAfter(T0, 3));
  const later = hoursAfter(T0, 8); // resolution not due yet: only the first-response target is missed

  function backlog(tickets: { seed(t: Ticket): unknown }, specs: Partial<Ticket>[]) {
    specs.forEach((spec, i) =>
      tickets.seed({ ...newTicket(d, { number: String(400_001 + i) }), dueAt: later, firstResponseDueAt: firstDue, firstResponseAt: null, firstResponseOverdue: false, ...spec }),
    );
  }

  test('marks the first responses past due that no timer marked, and leaves the rest alone', async () => {
    const { deps, tickets, events, log } = memoryApp({ clock: after });
    backlog(tickets, [
      {},
      { firstResponseAt: hoursAfter(T0, 0.5) }, // responded in time
      { firstResponseOverdue: true }, // a timer marked it
      { firstResponseDueAt: hoursAfter(T0, 4) }, // not due yet
      { status: 'closed' },
      { firstResponseDueAt: null }, // the plan has no first-response target
      {},
    ]);

    expect(await sweepOverdue(deps)).toBe(2);

    expect(tickets.all().filter((t) => t.firstResponseOverdue).map((t) => t.number)).toEqual(['400001', '400003', '400007']);
    expect(tickets.all().filter((t) => t.overdue)).toEqual([]); // the resolution target is not touched
    expect(tickets.emitted().filter((e) => e.type === 'firstResponse.overdue').map((e) => e.ticketNumber)).toEqual(['400001', '400007']);
    expect(log.lines.info).toEqual(['SLA sweep marked 2 first response(s) overdue']);
  });

  test('a ticket past both targets gets both marks, each once; a later first-response timer finds it stale', async () => {
    const { deps, tickets, events } = memoryApp({ clock: after });
    backlog(tickets, [{ dueAt: hoursAfter(T0, 2) }]);

    expect(await sweepOverdue(deps)).toBe(2);
    expect(await sweepOverdue(deps)).toBe(0);
    expect(await checkDueTime(deps, { ticketNumber: '400001', dueAt: firstDue, target: 'firstResponse' })).toBe('stale');

    expect(tickets.stored('400001')).toMatchObject({ overdue: true, firstResponseOverdue: true });
    expect(tickets.emitted().map((e) => e.type).filter((t) => t.endsWith('overdue'))).toEqual(['overdue', 'firstResponse.overdue']);
  });

  test('marks at most `limit` first responses a run; the next run takes the rest', async () => {
    const { deps, tickets } = memoryApp({ clock: after });
    backlog(tickets, [{}, {}, {}]);

    expect(await sweepOverdue(deps, 2)).toBe(2);
    expect(await sweepOverdue(deps, 2)).toBe(1);
    expect(await sweepOverdue(deps, 2)).toBe(0);
    expect(tickets.all().filter((t) => t.firstResponseOverdue)).toHaveLength(3);
  });
});

describe('which events schedule a check', () => {
  const due = (hours: number) => hoursAfter(T0, hours);
  const event = (type: LifecycleEvent['type'], data: LifecycleEvent['data']): LifecycleEvent => ({
    id: `e-${type}`,
    type,
    ticketNumber: '100001',
    time: T0,
    actor: { type: 'system', name: 'Help desk' },
    data,
  });

  test('a new ticket and a changed due time schedule a check at that due time', async () => {
    const { deps, dueTimes } = memoryApp();
    expect(await scheduleForEvent(deps, event('created', { dueAt: due(1) }))).toBe(true);
    expect(await scheduleForEvent(deps, event('due.changed', { dueAt: due(2) }))).toBe(true);
    expect(dueTimes.scheduled).toEqual([
      { ticketNumber: '100001', dueAt: due(1), again: false },
      { ticketNumber: '100001', dueAt: due(2), again: false },
    ]);
  });

  test('leaving pending for open times both targets again under new message ids; entering pending schedules nothing', async () => {
    const { deps, dueTimes } = memoryApp();
    expect(await scheduleForEvent(deps, event('status.changed', { from: 'open', to: 'pending' }))).toBe(false);
    expect(await scheduleForEvent(deps, event('status.changed', { from: 'pending', to: 'open', dueAt: due(5), firstResponseDueAt: due(2) }))).toBe(true);
    expect(await scheduleForEvent(deps, event('status.changed', { from: 'pending', to: 'open', dueAt: due(6), firstResponseDueAt: null }))).toBe(true);
    expect(dueTimes.scheduled).toEqual([
      { ticketNumber: '100001', dueAt: due(5), again: true },
      { ticketNumber: '100001', dueAt: due(2), again: true, target: 'firstResponse' },
      { ticketNumber: '100001', dueAt: due(6), again: true },
    ]);
  });

  test('other events, and a due time cleared, schedule nothing', async () => {
    const { deps, dueTimes } = memoryApp();
    expect(await scheduleForEvent(deps, event('priority.changed', { from: 'normal', to: 'high', dueAt: due(1) }))).toBe(false);
    expect(await scheduleForEvent(deps, event('due.changed', { dueAt: null }))).toBe(false);
    expect(dueTimes.scheduled).toEqual([]);
  });
});
