// Pending (waiting on the customer): who may set it, where it may go, and the SLA clocks that stop
// while a ticket is pending and run on, moved out by the business time it waited, when it leaves.
import { customerReply, markFirstResponseOverdue, markOverdue, recomputeTargets, replyToCustomer, updateTicket } from '../../../shared/domain/lifecycle';
import type { Directory } from '../../../shared/domain/model';
import { agent, at, codeOf, directory, newTicket, T0 } from '../../support/mothers';

/** The seed counting in Monday-Friday 08:00-17:00 UTC, the Default plan with a 4-hour first response. */
function officeHours(): Directory {
  const d = directory();
  d.sla = { ...d.sla, defaultScheduleId: 'monday-friday-8am-5pm' };
  d.slaPlans.find((p) => p.id === 'default')!.firstResponseHours = 4;
  return d;
}

const d = officeHours();
const john = agent(d, 'john');
const jane = agent(d, 'jane');
const admin = agent(d, 'admin');

// T0 is Tuesday 24 November 2026, 09:00 UTC: 18 business hours are Tue 09-17, Wed 08-17, Thu 08-09.
const TUE_10 = '2026-11-24T10:00:00.000Z';
const WED_10 = '2026-11-25T10:00:00.000Z';

describe('pending stops the SLA clocks', () => {
  test('a reply that waits on the customer stops both clocks; the customer writing starts them again, both due times moved by the business time waited', () => {
    const opened = newTicket(d);
    expect(opened).toMatchObject({ dueAt: '2026-11-26T09:00:00.000Z', firstResponseDueAt: '2026-11-24T13:00:00.000Z' });

    // Tuesday 10:00: the agent asks a question and waits (no first response yet given by PATCH).
    const waiting = updateTicket(opened, { status: 'pending' }, john, d, at(TUE_10)).ticket;
    expect(waiting).toMatchObject({ status: 'pending', pendingSince: TUE_10, dueAt: opened.dueAt });
    expect(waiting.thread.slice(-2).map((e) => e.body)).toEqual(['status open → pending', 'SLA clocks running → stopped (waiting on the customer)']);
    expect(waiting.outbox.at(-1)).toMatchObject({ type: 'status.changed', data: { from: 'open', to: 'pending' } });

    // While pending no target falls due, however late the timer fires.
    expect(markOverdue(waiting, waiting.dueAt!, at('2026-11-30T12:00:00.000Z'))).toBeNull();
    expect(markFirstResponseOverdue(waiting, waiting.firstResponseDueAt!, at('2026-11-30T12:00:00.000Z'))).toBeNull();

    // Wednesday 10:00 the customer answers: Tue 10-17 and Wed 08-10 are 9 business hours waited.
    const resumed = customerReply(waiting, 'Here is the screenshot.', d, at(WED_10));
    expect(resumed).toMatchObject({
      status: 'open',
      pendingSince: null,
      slaPauses: [{ from: TUE_10, to: WED_10 }],
      slaAnchorAt: opened.slaAnchorAt, // not a reopening: the anchor stays
      dueAt: '2026-11-27T09:00:00.000Z', // Thu 09:00 + 9 business hours = Fri 09:00
      firstResponseDueAt: '2026-11-25T13:00:00.000Z', // Tue 13:00 + 9 business hours = Wed 13:00
      overdue: false,
    });
    expect(resumed.thread.filter((e) => e.type === 'event').slice(-4).map((e) => e.body)).toEqual([
      'status pending → open',
      'SLA clocks stopped → running (9 h 0 min of business time paused)',
      'due 2026-11-26T09:00:00.000Z → 2026-11-27T09:00:00.000Z',
      'first response due 2026-11-24T13:00:00.000Z → 2026-11-25T13:00:00.000Z',
    ]);
    const message = resumed.outbox.find((e) => e.type === 'message');
    expect(message?.data['reopens']).toBe(false);
    expect(resumed.outbox.filter((e) => e.type === 'reopened')).toEqual([]);
    expect(resumed.outbox.at(-1)).toMatchObject({
      type: 'status.changed',
      data: { from: 'pending', to: 'open', pausedBusinessMinutes: 540, dueAt: '2026-11-27T09:00:00.000Z', firstResponseDueAt: '2026-11-25T13:00:00.000Z' },
    });

    // A later recompute (here: a new priority) still leaves the waited spell out: High is 8 hours,
    // so Tue 09:00 + 8 + 9 business hours = Wed 17:00.
    const high = updateTicket(resumed, { priority: 'high' }, john, d, at('2026-11-25T11:00:00.000Z')).ticket;
    expect(high.dueAt).toBe('2026-11-25T17:00:00.000Z');
    // And so does a recompute after a directory change that alters nothing else.
    expect(recomputeTargets(high, d, at('2026-11-25T12:00:00.000Z'))).toBeNull();
  });

  test('time outside business hours while pending moves nothing', () => {
    const waiting = updateTicket(newTicket(d), { status: 'pending' }, john, d, at('2026-11-24T17:30:00.000Z')).ticket;
    const resumed = updateTicket(waiting, { status: 'open' }, john, d, at('2026-11-25T07:30:00.000Z')).ticket;
    expect(resumed).toMatchObject({ status: 'open', dueAt: '2026-11-26T09:00:00.000Z', firstResponseDueAt: '2026-11-24T13:00:00.000Z' });
    expect(resumed.thread.at(-1)?.body).toBe('SLA clocks stopped → running (0 min of business time paused)');
  });

  test('a due time set by hand stays where the agent put it', () => {
    const manual = updateTicket(newTicket(d), { dueAt: '2026-12-04T12:00:00.000Z' }, john, d, at(T0)).ticket;
    const waiting = updateTicket(manual, { status: 'pending' }, john, d, at(TUE_10)).ticket;
    const resumed = customerReply(waiting, 'Back again', d, at(WED_10));
    expect(resumed).toMatchObject({ dueAt: '2026-12-04T12:00:00.000Z', dueAtSource: 'manual', firstResponseDueAt: '2026-11-25T13:00:00.000Z' });
  });

  test('a first response already given stays as it was', () => {
    const answered = replyToCustomer(newTicket(d), { message: 'Which version?', status: 'pending' }, john, d, at(TUE_10));
    expect(answered.thread.map((e) => e.type)).toEqual(['message', 'response', 'event', 'event']);
    expect(answered).toMatchObject({ status: 'pending', firstResponseAt: TUE_10, answered: true });
    const resumed = customerReply(answered, 'Version 2.1', d, at(WED_10));
    expect(resumed).toMatchObject({ firstResponseDueAt: '2026-11-24T13:00:00.000Z', firstResponseAt: TUE_10, dueAt: '2026-11-27T09:00:00.000Z' });
  });

  test('a target missed before the pause and still past stays marked, so its alert is not sent again', () => {
    const overdue = markOverdue(newTicket(d), '2026-11-26T09:00:00.000Z', at('2026-11-26T09:00:01.000Z'))!;
    expect(overdue.overdue).toBe(true);
    const waiting = updateTicket(overdue, { status: 'pending' }, john, d, at('2026-11-26T10:00:00.000Z')).ticket;
    const resumed = updateTicket(waiting, { status: 'open' }, john, d, at('2026-11-26T11:00:00.000Z')).ticket;
    expect(resumed).toMatchObject({ dueAt: '2026-11-26T10:00:00.000Z', overdue: true });
  });
});

describe('pending transitions and permissions', () => {
  test('pending and back need ticket.reply; resolving and closing still need ticket.close', () => {
    // Jane may reply in System Administrators but not close there.
    const t = newTicket(d, { topicId: 'business-critical-outage' });
    const waiting = replyToCustomer(t, { message: 'Can you send the logs?', status: 'pending' }, jane, d, at(TUE_10));
    expect(waiting.status).toBe('pending');
    expect(updateTicket(t, { status: 'pending' }, jane, d, at(TUE_10)).ticket.status).toBe('pending');
    expect(updateTicket(waiting, { status: 'open' }, jane, d, at(WED_10)).ticket.status).toBe('open');
    expect(codeOf(() => updateTicket(waiting, { status: 'resolved' }, jane, d, at(WED_10)))).toBe('forbidden');
    expect(codeOf(() => replyToCustomer(waiting, { message: 'Done', status: 'closed' }, jane, d, at(WED_10)))).toBe('forbidden');
    const viewer = { ...jane, roleId: 'view-only' };
    expect(codeOf(() => updateTicket(t, { status: 'pending' }, viewer, d, at(TUE_10)))).toBe('forbidden');
  });

  test('pending → resolved or closed stops waiting (the spell is recorded); resolved or closed cannot become pending', () => {
    const waiting = updateTicket(newTicket(d), { status: 'pending' }, john, d, at(TUE_10)).ticket;
    const resolved = updateTicket(waiting, { status: 'resolved' }, admin, d, at(WED_10)).ticket;
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: WED_10, pendingSince: null, slaPauses: [{ from: TUE_10, to: WED_10 }], dueAt: '2026-11-27T09:00:00.000Z' });
    expect(resolved.outbox.map((e) => e.type)).toContain('resolved');
    expect(codeOf(() => updateTicket(resolved, { status: 'pending' }, john, d, at(WED_10)))).toBe('invalid_transition');
    const closed = updateTicket(waiting, { status: 'closed' }, john, d, at(WED_10)).ticket;
    expect(closed).toMatchObject({ status: 'closed', pendingSince: null });
    expect(codeOf(() => updateTicket(closed, { status: 'pending' }, john, d, at(WED_10)))).toBe('invalid_transition');
  });

  test('a pending ticket is still in the open state: it may be assigned, transferred and re-prioritised', () => {
    const waiting = updateTicket(newTicket(d), { status: 'pending' }, john, d, at(TUE_10)).ticket;
    const changed = updateTicket(waiting, { assigneeId: 'john', priority: 'high' }, john, d, at(TUE_10)).ticket;
    expect(changed).toMatchObject({ status: 'pending', assigneeId: 'john', priority: 'high' });
  });
});
