// Which schedule governs a ticket, its two targets (resolution and first response) at intake and
// after changes, and the first-response overdue mark.
import { checkDueTime, scheduleForEvent } from '../../../shared/app/sla-timers';
import { checkEntry, requireDeletable } from '../../../shared/domain/directory-rules';
import { markFirstResponseOverdue, recomputeTargets, replyToCustomer, updateTicket } from '../../../shared/domain/lifecycle';
import type { Directory, Schedule } from '../../../shared/domain/model';
import { scheduleIdFor, slaStanding } from '../../../shared/domain/sla';
import { ManualClock, memoryApp } from '../../support/in-memory';
import { agent, at, directory, newTicket } from '../../support/mothers';

// Monday 23 November 2026, 16:00 in Berlin (CET, UTC+1).
const MONDAY_4PM_BERLIN = '2026-11-23T15:00:00.000Z';
const berlin: Schedule = {
  kind: 'schedule',
  id: 'berlin-office',
  name: 'Berlin office',
  timezone: 'Europe/Berlin',
  hours: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day: day as 'mon', start: '08:00', end: '17:00' })),
  holidays: [{ date: '2026-11-24', name: 'A Tuesday off' }],
};

/** The seed, with the Berlin schedule and the plans given. */
function withBerlin(change: (d: Directory) => void = () => {}): Directory {
  const d = directory();
  // A copy: tests change the schedule they are given (holidays cleared, say), never the next test's.
  d.schedules.push(structuredClone(berlin));
  change(d);
  return d;
}

describe('which schedule counts', () => {
  test('the department\'s, else the plan\'s, else the default', () => {
    const d = withBerlin();
    const plan = d.slaPlans.find((p) => p.id === 'default')!;
    expect(scheduleIdFor(d, 'support', plan)).toBe('24-7');
    d.sla = { ...d.sla, defaultScheduleId: 'monday-friday-8am-5pm' };
    expect(scheduleIdFor(d, 'support', plan)).toBe('monday-friday-8am-5pm');
    plan.scheduleId = 'berlin-office';
    expect(scheduleIdFor(d, 'support', plan)).toBe('berlin-office');
    d.departments.find((x) => x.id === 'support')!.scheduleId = '24-7';
    expect(scheduleIdFor(d, 'support', plan)).toBe('24-7');
  });

  test('under the seeded default (24/7) due times are as before business hours existed', () => {
    expect(newTicket(directory(), {}, MONDAY_4PM_BERLIN).dueAt).toBe('2026-11-24T09:00:00.000Z'); // 18 h later
  });
});

describe('targets in business time', () => {
  const d = withBerlin((x) => {
    x.departments.find((dep) => dep.id === 'support')!.scheduleId = 'berlin-office';
    Object.assign(x.slaPlans.find((p) => p.id === 'default')!, { firstResponseHours: 2 });
  });

  test('a ticket opened Monday 16:00 in Berlin counts Monday\'s last hour, skips Tuesday\'s holiday, and goes on Wednesday', () => {
    const t = newTicket(d, {}, MONDAY_4PM_BERLIN);
    // Resolution: 18 h = 1 h Monday + 9 h Wednesday + 8 h Thursday -> Thursday 16:00 CET.
    expect(t.dueAt).toBe('2026-11-26T15:00:00.000Z');
    // First response: 2 h = 1 h Monday + 1 h Wednesday -> Wednesday 09:00 CET.
    expect(t.firstResponseDueAt).toBe('2026-11-25T08:00:00.000Z');
    expect(t.outbox[0]!.data).toMatchObject({ dueAt: t.dueAt, firstResponseDueAt: t.firstResponseDueAt });
  });

  test('a plan without a first-response target gives none, and its created event says nothing of it', () => {
    const t = newTicket(withBerlin(), {}, MONDAY_4PM_BERLIN);
    expect(t.firstResponseDueAt).toBeNull();
    expect(t.outbox[0]!.data).not.toHaveProperty('firstResponseDueAt');
  });

  test('the first response is recorded once and ends the first-response target', () => {
    const t = newTicket(d, {}, MONDAY_4PM_BERLIN);
    const john = agent(d, 'john');
    const replied = replyToCustomer(t, { message: 'On it' }, john, d, at('2026-11-25T07:30:00.000Z'));
    expect(replied.firstResponseAt).toBe('2026-11-25T07:30:00.000Z');
    const again = replyToCustomer(replied, { message: 'Still on it' }, john, d, at('2026-11-25T09:30:00.000Z'));
    expect(again.firstResponseAt).toBe('2026-11-25T07:30:00.000Z');
    // A timer for the target after the response finds nothing to do.
    expect(markFirstResponseOverdue(again, t.firstResponseDueAt!, at('2026-11-25T08:00:00.000Z'))).toBeNull();
  });

  test('the first-response timer marks the ticket once, and only for the target it was set for', () => {
    const t = newTicket(d, {}, MONDAY_4PM_BERLIN);
    expect(markFirstResponseOverdue(t, t.firstResponseDueAt!, at('2026-11-25T07:59:59.000Z'))).toBeNull(); // not yet
    expect(markFirstResponseOverdue(t, '2026-11-25T09:00:00.000Z', at('2026-11-25T09:00:00.000Z'))).toBeNull(); // stale
    const marked = markFirstResponseOverdue(t, t.firstResponseDueAt!, at('2026-11-25T08:00:00.000Z'))!;
    expect(marked.firstResponseOverdue).toBe(true);
    expect(marked.overdue).toBe(false);
    expect(marked.outbox.at(-1)).toMatchObject({ type: 'firstResponse.overdue', data: { firstResponseDueAt: t.firstResponseDueAt, assigneeId: null } });
    expect(markFirstResponseOverdue(marked, t.firstResponseDueAt!, at('2026-11-25T08:00:01.000Z'))).toBeNull();
    // The late response clears the mark; that it was late stays visible from the two times.
    const replied = replyToCustomer(marked, { message: 'Sorry' }, agent(d, 'john'), d, at('2026-11-25T10:00:00.000Z'));
    expect(replied.firstResponseOverdue).toBe(false);
  });

  test('a transfer to a department with other hours recomputes both targets; a due time set by hand stays', () => {
    const t = newTicket(d, {}, MONDAY_4PM_BERLIN);
    const admin = agent(d, 'admin');
    const moved = updateTicket(t, { departmentId: 'sysadmin' }, admin, d, at('2026-11-23T15:30:00.000Z')).ticket;
    expect(moved.dueAt).toBe('2026-11-24T09:00:00.000Z'); // sysadmin has no schedule: 24/7
    expect(moved.firstResponseDueAt).toBe('2026-11-23T17:00:00.000Z');
    expect(moved.outbox.map((e) => e.type)).toEqual(expect.arrayContaining(['due.changed', 'firstResponse.changed']));
    const manual = updateTicket(t, { dueAt: '2026-12-01T12:00:00.000Z' }, admin, d, at('2026-11-23T15:30:00.000Z')).ticket;
    expect(updateTicket(manual, { departmentId: 'sysadmin' }, admin, d, at('2026-11-23T15:31:00.000Z')).ticket.dueAt).toBe('2026-12-01T12:00:00.000Z');
  });

  test('recomputing after a directory change moves the targets of open tickets and leaves the rest', () => {
    const t = newTicket(d, {}, MONDAY_4PM_BERLIN);
    expect(recomputeTargets(t, d, at('2026-11-23T15:10:00.000Z'))).toBeNull(); // nothing changed
    const noHoliday = withBerlin((x) => {
      x.schedules.find((s) => s.id === 'berlin-office')!.holidays = [];
      x.departments.find((dep) => dep.id === 'support')!.scheduleId = 'berlin-office';
      Object.assign(x.slaPlans.find((p) => p.id === 'default')!, { firstResponseHours: 2 });
    });
    const next = recomputeTargets(t, noHoliday, at('2026-11-23T15:10:00.000Z'))!;
    expect(next.dueAt).toBe('2026-11-25T15:00:00.000Z'); // Tuesday counts again: a day earlier
    expect(next.firstResponseDueAt).toBe('2026-11-24T08:00:00.000Z');
    const closed = updateTicket(t, { status: 'closed' }, agent(d, 'admin'), d, at('2026-11-23T15:20:00.000Z')).ticket;
    expect(recomputeTargets(closed, noHoliday, at('2026-11-23T15:30:00.000Z'))).toBeNull();
  });
});

describe('the first-response timer', () => {
  test('the created event schedules one check per target, told apart by kind', async () => {
    const app = memoryApp();
    const event = { id: 'e1', type: 'created', ticketNumber: '100001', time: MONDAY_4PM_BERLIN, actor: { type: 'system', name: 'x' }, data: { dueAt: '2026-11-26T15:00:00.000Z', firstResponseDueAt: '2026-11-25T08:00:00.000Z' } } as const;
    expect(await scheduleForEvent(app.deps, { ...event, data: { ...event.data } })).toBe(true);
    expect(app.dueTimes.scheduled).toEqual([
      { ticketNumber: '100001', dueAt: '2026-11-26T15:00:00.000Z', again: false },
      { ticketNumber: '100001', dueAt: '2026-11-25T08:00:00.000Z', again: false, target: 'firstResponse' },
    ]);
  });

  test('a first-response check marks only the first-response target', async () => {
    const d = directory();
    const app = memoryApp({ clock: new ManualClock(Date.parse('2026-11-23T17:00:00.000Z')) });
    const t = app.tickets.seed({ ...newTicket(d, {}, MONDAY_4PM_BERLIN), firstResponseDueAt: '2026-11-23T17:00:00.000Z' }).value;
    expect(await checkDueTime(app.deps, { ticketNumber: t.number, dueAt: '2026-11-23T17:00:00.000Z', target: 'firstResponse' })).toBe('overdue');
    const stored = app.tickets.stored(t.number);
    expect([stored.firstResponseOverdue, stored.overdue]).toEqual([true, false]);
    expect(app.tickets.emitted().map((e) => e.type)).toContain('firstResponse.overdue');
    // The same check again (a redelivery) changes nothing.
    expect(await checkDueTime(app.deps, { ticketNumber: t.number, dueAt: '2026-11-23T17:00:00.000Z', target: 'firstResponse' })).toBe('stale');
  });
});

describe('schedules in the directory', () => {
  test('a schedule with an unknown zone or a window that ends before it starts is refused, naming the field', () => {
    const d = directory();
    expect(() => checkEntry({ ...berlin, timezone: 'Europe/Berlinn' }, d)).toThrow(/timezone: 'Europe\/Berlinn' is not an IANA time zone/);
    expect(() => checkEntry({ ...berlin, hours: [{ day: 'mon', start: '17:00', end: '08:00' }] }, d)).toThrow(/hours\.0: ends \(08:00\) before it starts/);
    expect(() => checkEntry({ ...d.departments[0]!, scheduleId: 'nope' }, d)).toThrow(/scheduleId: no schedule 'nope'/);
  });

  test('a schedule in use cannot be deleted, and the refusal says by what', () => {
    const d = withBerlin((x) => {
      x.departments.find((dep) => dep.id === 'support')!.scheduleId = 'berlin-office';
    });
    expect(() => requireDeletable(berlin, d, 0)).toThrow(/1 department\(s\) count in it: support/);
    expect(() => requireDeletable(d.schedules.find((s) => s.id === '24-7')!, d, 0)).toThrow(/it is the default schedule/);
    expect(() => requireDeletable(d.schedules.find((s) => s.id === 'monday-friday-8am-5pm')!, d, 0)).not.toThrow();
  });
});

describe('where a ticket stands against its targets (what agents see)', () => {
  // The Berlin office schedule governs: Mon–Fri 08:00–17:00 CET, Tuesday 24 November off.
  const d = withBerlin((x) => {
    x.departments.find((dep) => dep.id === 'support')!.scheduleId = 'berlin-office';
  });
  const ticket = {
    departmentId: 'support',
    slaPlanId: 'default',
    status: 'open' as const,
    // Opened Monday 16:00 Berlin: 1 business hour that day, none on the holiday.
    firstResponseDueAt: '2026-11-25T08:00:00.000Z', // Wednesday 09:00 Berlin: 2 business hours in
    firstResponseAt: null,
    dueAt: '2026-11-25T15:00:00.000Z', // Wednesday 16:00 Berlin
    resolvedAt: null,
    closedAt: null,
  };

  test('before the due times: business time left skips the evening, the night and the holiday', () => {
    const s = slaStanding(ticket, d, MONDAY_4PM_BERLIN);
    expect(s.schedule).toEqual({ id: 'berlin-office', name: 'Berlin office', timezone: 'Europe/Berlin' });
    expect(s.firstResponse).toEqual({ dueAt: ticket.firstResponseDueAt, doneAt: null, met: null, businessMinutesLeft: 120 });
    expect(s.resolution).toEqual({ dueAt: ticket.dueAt, doneAt: null, met: null, businessMinutesLeft: 9 * 60 });
  });

  test('a target reached in time is met; one reached late is not; left time is no longer counted', () => {
    const answered = { ...ticket, firstResponseAt: '2026-11-25T07:30:00.000Z' };
    expect(slaStanding(answered, d, '2026-11-25T09:00:00.000Z').firstResponse).toEqual({
      dueAt: ticket.firstResponseDueAt, doneAt: answered.firstResponseAt, met: true, businessMinutesLeft: null,
    });
    const late = { ...ticket, status: 'resolved' as const, resolvedAt: '2026-11-26T08:00:00.000Z' };
    expect(slaStanding(late, d, '2026-11-26T09:00:00.000Z').resolution).toMatchObject({ doneAt: late.resolvedAt, met: false, businessMinutesLeft: null });
  });

  test('past due and still open: missed, and the overrun counts business time only', () => {
    // Thursday 10:00 Berlin: from Wednesday 16:00 that is 1 h on Wednesday and 2 h on Thursday.
    const s = slaStanding(ticket, d, '2026-11-26T09:00:00.000Z');
    expect(s.resolution).toMatchObject({ met: false, businessMinutesLeft: -180 });
    expect(s.firstResponse).toMatchObject({ met: false });
  });

  test('while pending the clocks stand still: left time is what was left when the ticket went pending', () => {
    // Pending since Monday 16:30 Berlin: half an hour counted, then nothing more however late it is.
    const waiting = { ...ticket, status: 'pending' as const, pendingSince: '2026-11-23T15:30:00.000Z' };
    const s = slaStanding(waiting, d, '2026-11-27T12:00:00.000Z');
    expect(s.pausedSince).toBe('2026-11-23T15:30:00.000Z');
    expect(s.firstResponse).toMatchObject({ met: null, businessMinutesLeft: 90 });
    expect(s.resolution).toMatchObject({ met: null, businessMinutesLeft: 9 * 60 - 30 });
    expect(slaStanding(ticket, d, MONDAY_4PM_BERLIN).pausedSince).toBeNull();
  });

  test('a plan without a first-response target shows none', () => {
    expect(slaStanding({ ...ticket, firstResponseDueAt: null }, d, MONDAY_4PM_BERLIN).firstResponse).toBeNull();
  });
});
