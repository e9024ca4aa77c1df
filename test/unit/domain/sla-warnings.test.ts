// Warnings before a breach: when a warning is due (in business time), that a target is warned
// about once per due time and never while pending, and who gets the "approaching SLA" alert.
import { markOverdue, markSlaWarning, replyToCustomer, updateTicket } from '../../../shared/domain/lifecycle';
import type { Directory, Schedule, Ticket } from '../../../shared/domain/model';
import { notificationsFor } from '../../../shared/domain/notifications';
import { warningAt } from '../../../shared/domain/sla';
import { T0, agent, at, directory, newTicket } from '../../support/mothers';

function officeHours(): Directory {
  const d = directory();
  d.sla = { ...d.sla, defaultScheduleId: 'monday-friday-8am-5pm' };
  const plan = d.slaPlans.find((p) => p.id === 'default')!;
  plan.firstResponseHours = 4;
  plan.warnBeforeMinutes = 120;
  return d;
}
const d = officeHours();
const office = d.schedules.find((s) => s.id === 'monday-friday-8am-5pm') as Schedule;
const john = agent(d, 'john');

// T0 is Tuesday 24 November 2026, 09:00 UTC; the Default plan's 18 business hours end Thursday 09:00.
const DUE = '2026-11-26T09:00:00.000Z';

describe('when the warning is due', () => {
  test('the instant with the warning time left before the due time, counted in business hours', () => {
    // Wed 16:00-17:00 and Thu 08:00-09:00 are the last two business hours.
    expect(warningAt(T0, DUE, 120, office)).toBe('2026-11-25T16:00:00.000Z');
    // Around the clock it is plain wall time.
    expect(warningAt(T0, DUE, 120, d.schedules.find((s) => s.id === '24-7')!)).toBe('2026-11-26T07:00:00.000Z');
  });

  test('at once when less is left already; never once past due', () => {
    expect(warningAt('2026-11-26T08:30:00.000Z', DUE, 120, office)).toBe('2026-11-26T08:30:00.000Z');
    expect(warningAt('2026-11-26T09:00:00.000Z', DUE, 120, office)).toBeNull();
  });
});

describe('the warning on the ticket', () => {
  const opened = newTicket(d);
  const WED_16 = '2026-11-25T16:00:00.000Z';

  test('recorded once per due time, with an sla.warning event; a redelivered timer does nothing', () => {
    const warned = markSlaWarning(opened, 'resolution', DUE, at(WED_16))!;
    expect(warned.slaWarningAt).toBe(WED_16);
    expect(warned.thread.at(-1)).toMatchObject({ type: 'event', author: { type: 'system' }, body: `SLA warning none → due ${DUE}` });
    expect(warned.outbox.at(-1)).toMatchObject({ type: 'sla.warning', data: { target: 'resolution', dueAt: DUE, assigneeId: null, departmentId: 'support' } });
    expect(markSlaWarning(warned, 'resolution', DUE, at(WED_16))).toBeNull();
    // The first-response target has a warning of its own.
    const first = markSlaWarning(warned, 'firstResponse', opened.firstResponseDueAt!, at('2026-11-24T10:00:00.000Z'))!;
    expect(first).toMatchObject({ firstResponseWarningAt: '2026-11-24T10:00:00.000Z', slaWarningAt: WED_16 });
  });

  test('nothing for a stale due time, a met or missed target, a pending or resolved ticket', () => {
    expect(markSlaWarning(opened, 'resolution', '2026-11-26T10:00:00.000Z', at(WED_16))).toBeNull();
    expect(markSlaWarning(markOverdue(opened, DUE, at('2026-11-26T09:00:01.000Z'))!, 'resolution', DUE, at(WED_16))).toBeNull();
    const replied = replyToCustomer(opened, { message: 'On it' }, john, d, at('2026-11-24T09:30:00.000Z'));
    expect(markSlaWarning(replied, 'firstResponse', opened.firstResponseDueAt!, at('2026-11-24T10:00:00.000Z'))).toBeNull();
    const pending = updateTicket(opened, { status: 'pending' }, john, d, at('2026-11-25T15:00:00.000Z')).ticket;
    expect(markSlaWarning(pending, 'resolution', DUE, at(WED_16))).toBeNull();
    const resolved = updateTicket(opened, { status: 'resolved' }, john, d, at('2026-11-25T15:00:00.000Z')).ticket;
    expect(markSlaWarning(resolved, 'resolution', DUE, at(WED_16))).toBeNull();
  });

  test('a new due time clears the warning, so the new one is warned about too', () => {
    const warned = markSlaWarning(opened, 'resolution', DUE, at(WED_16))!;
    const later = updateTicket(warned, { dueAt: '2026-11-30T12:00:00.000Z' }, john, d, at(WED_16)).ticket;
    expect(later.slaWarningAt).toBeNull();
    expect(markSlaWarning(later, 'resolution', '2026-11-30T12:00:00.000Z', at('2026-11-30T10:00:00.000Z'))?.slaWarningAt).toBe('2026-11-30T10:00:00.000Z');
  });
});

describe('the approaching-SLA alert', () => {
  const context = (ticket: Ticket, dir = d) => ({
    directory: dir,
    ticket,
    from: { name: 'Help desk', email: 'helpdesk@example.com' },
    messageIdDomain: 'example.com',
    customerLink: (n: string) => `https://help.example.com/#ticket=${n}`,
    staffLink: (n: string) => `https://help.example.com/staff#ticket=${n}`,
  });
  const alertsOf = (t: Ticket, dir = d) => notificationsFor(t.outbox.at(-1)!, context(t, dir)).map((n) => ({ to: n.mail.to.email, subject: n.mail.subject, kind: n.kind }));

  test('to the assignee; while unassigned, to the department\'s agents', () => {
    const assigned = updateTicket(newTicket(d), { assigneeId: 'john' }, john, d, at(T0)).ticket;
    expect(alertsOf(markSlaWarning(assigned, 'resolution', DUE, at('2026-11-25T16:00:00.000Z'))!)).toEqual([
      { to: 'john@example.com', subject: '[#100001] Approaching SLA: Mobile banking app will not log in', kind: 'overdueAlert' },
    ]);
    const unassigned = markSlaWarning(newTicket(d), 'firstResponse', '2026-11-24T13:00:00.000Z', at('2026-11-24T11:00:00.000Z'))!;
    expect(alertsOf(unassigned).map((a) => a.to).sort()).toEqual(['admin@example.com', 'john@example.com']);
    expect(alertsOf(unassigned)[0]!.subject).toBe('[#100001] Approaching SLA (first response): Mobile banking app will not log in');
  });

  test('none when the plan\'s overdue alerts are off', () => {
    const quiet = officeHours();
    quiet.slaPlans.find((p) => p.id === 'default')!.overdueAlerts = false;
    expect(alertsOf(markSlaWarning(newTicket(quiet), 'resolution', DUE, at('2026-11-25T16:00:00.000Z'))!, quiet)).toEqual([]);
  });
});
