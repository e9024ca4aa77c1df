import { DomainError } from '../../../shared/domain/errors';
import {
  MAX_TICKET_BYTES,
  addInternalNote,
  customerReply,
  markOverdue,
  publicThread,
  replyToCustomer,
  slaPlanIdFor,
  updateTicket,
} from '../../../shared/domain/lifecycle';
import { agent, at, codeOf, directory, hoursAfter, newTicket, T0 } from '../../support/mothers';

const d = directory();
const jane = agent(d, 'jane');
const john = agent(d, 'john');
const admin = agent(d, 'admin');
const later = hoursAfter(T0, 1);

describe('intake', () => {
  test('a new ticket takes its topic\'s department, priority and SLA plan, and is due by that plan', () => {
    const t = newTicket(d, { topicId: 'business-critical-outage' });
    expect(t).toMatchObject({ departmentId: 'sysadmin', priority: 'emergency', slaPlanId: 'sev-a', status: 'open', assigneeId: null });
    expect(t.dueAt).toBe(hoursAfter(T0, 1));
  });

  test('without an SLA plan on the topic, the department\'s plan applies; the customer may choose a priority', () => {
    const t = newTicket(d, { topicId: 'other', priority: 'high' });
    expect(t).toMatchObject({ departmentId: 'support', slaPlanId: 'default', priority: 'high' });
    expect(t.dueAt).toBe(hoursAfter(T0, 8));
  });

  describe("the SLA plan: the topic's, else the department's, else the system default", () => {
    const topic = (slaPlanId: string | null) => ({ slaPlanId });
    const dept = (slaPlanId: string | null) => ({ slaPlanId });

    test.each([
      ['sev-a', 'sev-b', 'sev-a'],
      [null, 'sev-b', 'sev-b'],
      ['sev-a', null, 'sev-a'],
      [null, null, 'default'],
    ])('topic %s, department %s: %s', (onTopic, onDept, chosen) => {
      expect(slaPlanIdFor(d, topic(onTopic), dept(onDept))).toBe(chosen);
    });

    test('a ticket whose topic and department name no plan takes the default plan of the SLA settings, and is due by it', () => {
      const noPlans = directory();
      noPlans.departments.find((x) => x.id === 'support')!.slaPlanId = null;
      expect(newTicket(noPlans, { topicId: 'other' })).toMatchObject({ slaPlanId: 'default', dueAt: hoursAfter(T0, 18) });
      noPlans.sla = { ...noPlans.sla, defaultPlanId: 'sev-c' };
      expect(newTicket(noPlans, { topicId: 'other' })).toMatchObject({ slaPlanId: 'sev-c', dueAt: hoursAfter(T0, 8) });
      // The topic's own plan still comes first.
      expect(newTicket(noPlans, { topicId: 'equipment-request' }).slaPlanId).toBe('sev-c');
      expect(newTicket(noPlans, { topicId: 'business-critical-outage' }).slaPlanId).toBe('sev-a');
    });
  });

  test('the first thread entry is the customer\'s message, and a created event waits in the outbox', () => {
    const t = newTicket(d);
    expect(t.thread).toHaveLength(1);
    expect(t.thread[0]).toMatchObject({ type: 'message', author: { type: 'customer', email: 'maria@example.org' } });
    expect(t.outbox.map((e) => e.type)).toEqual(['created']);
    expect(t.outbox[0]!.data).toMatchObject({ departmentId: 'support', dueAt: t.dueAt });
  });

  test('unknown and private topics are refused', () => {
    expect(codeOf(() => newTicket(d, { topicId: 'nope' }))).toBe('validation_failed');
    expect(codeOf(() => newTicket(d, { topicId: 'staff-escalation' }))).toBe('validation_failed');
  });

  test('a topic with an auto-assign agent assigns the ticket', () => {
    const d2 = directory();
    d2.topics.find((t) => t.id === 'other')!.autoAssignAgentId = 'john';
    expect(newTicket(d2).assigneeId).toBe('john');
  });
});

describe('customer follow-up', () => {
  test('a customer reply to a resolved ticket reopens it with a fresh SLA clock', () => {
    const resolved = replyToCustomer(newTicket(d), { message: 'Fixed.', status: 'resolved' }, john, d, at(later));
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: later, answered: true });
    const reopenAt = hoursAfter(T0, 30);
    const reopened = customerReply(resolved, 'Still broken!', d, at(reopenAt));
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, reopenedAt: reopenAt, answered: false, slaAnchorAt: reopenAt });
    expect(reopened.dueAt).toBe(hoursAfter(reopenAt, 18));
    // The reopening's events; those of the day before are past the outbox retention, pruned by this write.
    expect(reopened.outbox.map((e) => e.type)).toEqual(['message', 'reopened', 'due.changed']);
  });

  test('a customer reply to an open ticket just adds the message and clears answered', () => {
    const answered = replyToCustomer(newTicket(d), { message: 'Try again?' }, john, d, at(later));
    const t = customerReply(answered, 'Did not help', d, at(hoursAfter(T0, 2)));
    expect(t.status).toBe('open');
    expect(t.answered).toBe(false);
    expect(t.thread.map((e) => e.type)).toEqual(['message', 'response', 'message']);
  });
});

describe('staff changes', () => {
  const janePlus = { ...jane, roleId: 'expanded', extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] };

  test('priority and SLA plan changes recompute the due time and leave readable thread events', () => {
    const { ticket, changed } = updateTicket(newTicket(d), { priority: 'emergency', slaPlanId: 'sev-a' }, janePlus, d, at(later));
    expect(changed).toBe(true);
    expect(ticket.dueAt).toBe(hoursAfter(T0, 1)); // anchored at creation, SEV-A: one hour
    const events = ticket.thread.filter((e) => e.type === 'event').map((e) => e.body);
    expect(events).toEqual(['priority Normal → Emergency', 'SLA plan Default → SEV-A', `due ${hoursAfter(T0, 18)} → ${hoursAfter(T0, 1)}`]);
    expect(ticket.outbox.map((e) => e.type)).toEqual(['created', 'priority.changed', 'sla.changed', 'due.changed']);
  });

  test('transfer and assignment in one change: the assignee must see the new department', () => {
    const { ticket } = updateTicket(newTicket(d), { departmentId: 'sysadmin', assigneeId: 'jane' }, janePlus, d, at(later));
    expect(ticket).toMatchObject({ departmentId: 'sysadmin', assigneeId: 'jane' });
    expect(ticket.thread.filter((e) => e.type === 'event').map((e) => e.body)).toEqual([
      'department Support → System Administrators',
      'assignee none → Jane Doe',
    ]);
  });

  test('assigning to an agent who cannot see the department is refused and changes nothing', () => {
    const t = newTicket(d);
    const before = structuredClone(t);
    let error: DomainError | undefined;
    try {
      updateTicket(t, { assigneeId: 'jane' }, john, d, at(later));
    } catch (err) {
      error = err as DomainError;
    }
    expect(error?.code).toBe('validation_failed');
    expect(error?.message).toBe('Jane Doe cannot be assigned: no access to the Support department');
    expect(t).toEqual(before);
  });

  test('a transfer releases an assignee who cannot follow the ticket', () => {
    const assigned = updateTicket(newTicket(d), { assigneeId: 'john' }, john, d, at(later)).ticket;
    const moved = updateTicket(assigned, { departmentId: 'sysadmin' }, john, d, at(hoursAfter(T0, 2))).ticket;
    expect(moved.assigneeId).toBeNull();
    expect(moved.outbox.map((e) => e.type).slice(-2)).toEqual(['transferred', 'released']);
  });

  test('each change needs its permission in the ticket\'s department', () => {
    const t = newTicket(d, { topicId: 'business-critical-outage' }); // System Administrators, Jane's limited role
    expect(codeOf(() => updateTicket(t, { priority: 'low' }, jane, d, at(later)))).toBe('forbidden'); // ticket.edit
    expect(codeOf(() => updateTicket(t, { status: 'closed' }, jane, d, at(later)))).toBe('forbidden'); // ticket.close
    expect(codeOf(() => updateTicket(t, { dueAt: hoursAfter(T0, 5) }, jane, d, at(later)))).toBe('forbidden');
    expect(updateTicket(t, { assigneeId: 'jane' }, jane, d, at(later)).ticket.assigneeId).toBe('jane'); // ticket.assign
    expect(codeOf(() => updateTicket(t, { assigneeId: 'jane' }, john, d, at(later)))).toBe('forbidden'); // no access
  });

  test('releasing needs ticket.release or ticket.assign', () => {
    const d2 = directory();
    d2.roles.push({ kind: 'role', id: 'releaser', name: 'Releaser', permissions: ['ticket.release'] });
    const assigned = updateTicket(newTicket(d2), { assigneeId: 'john' }, john, d2, at(later)).ticket;
    const releaser = { ...agent(d2, 'john'), id: 'r', name: 'R', roleId: 'releaser' };
    const viewer = { ...releaser, roleId: 'view-only' };
    expect(updateTicket(assigned, { assigneeId: null }, releaser, d2, at(later)).ticket.assigneeId).toBeNull();
    expect(codeOf(() => updateTicket(assigned, { assigneeId: null }, viewer, d2, at(later)))).toBe('forbidden');
  });

  test('a manual due time must be in the future; null goes back to the plan', () => {
    const t = newTicket(d);
    expect(codeOf(() => updateTicket(t, { dueAt: T0 }, john, d, at(later)))).toBe('validation_failed');
    const manual = updateTicket(t, { dueAt: '2026-11-30T10:00:00+01:00' }, john, d, at(later)).ticket;
    expect(manual).toMatchObject({ dueAt: '2026-11-30T09:00:00.000Z', dueAtSource: 'manual' });
    const back = updateTicket(manual, { dueAt: null }, john, d, at(later)).ticket;
    expect(back).toMatchObject({ dueAt: hoursAfter(T0, 18), dueAtSource: 'sla' });
  });

  test('asking for what the ticket already is changes nothing', () => {
    const t = newTicket(d);
    expect(updateTicket(t, { priority: 'normal', departmentId: 'support', status: 'open' }, john, d, at(later))).toEqual({ ticket: t, changed: false });
  });
});

describe('status lifecycle', () => {
  test('open → resolved → closed → open, each transition recorded', () => {
    let t = newTicket(d);
    t = updateTicket(t, { status: 'resolved' }, john, d, at(later)).ticket;
    expect(t).toMatchObject({ status: 'resolved', resolvedAt: later, overdue: false });
    t = updateTicket(t, { status: 'closed' }, john, d, at(hoursAfter(T0, 2))).ticket;
    expect(t).toMatchObject({ status: 'closed', closedAt: hoursAfter(T0, 2) });
    t = updateTicket(t, { status: 'open' }, john, d, at(hoursAfter(T0, 3))).ticket;
    expect(t).toMatchObject({ status: 'open', closedAt: null, resolvedAt: null, reopenedAt: hoursAfter(T0, 3) });
    expect(t.thread.filter((e) => e.event?.field === 'status').map((e) => e.body)).toEqual([
      'status open → resolved',
      'status resolved → closed',
      'status closed → open',
    ]);
  });

  test('a closed ticket cannot be resolved, nor edited until reopened', () => {
    const closed = updateTicket(newTicket(d), { status: 'closed' }, john, d, at(later)).ticket;
    expect(codeOf(() => updateTicket(closed, { status: 'resolved' }, john, d, at(later)))).toBe('invalid_transition');
    expect(codeOf(() => updateTicket(closed, { priority: 'high' }, john, d, at(later)))).toBe('ticket_closed');
    // Reopening and changing in one request works: the reopen applies first.
    expect(updateTicket(closed, { status: 'open', priority: 'high' }, john, d, at(later)).ticket).toMatchObject({ status: 'open', priority: 'high' });
  });

  test('a reply can resolve in the same action; the response comes before the status event', () => {
    const t = replyToCustomer(newTicket(d), { message: 'Done, please confirm.', status: 'resolved' }, john, d, at(later));
    expect(t.thread.map((e) => e.type)).toEqual(['message', 'response', 'event']);
    expect(t).toMatchObject({ status: 'resolved', answered: true, lastResponseAt: later });
  });

  test('replying needs ticket.reply; resolving with it needs ticket.close too', () => {
    const t = newTicket(d, { topicId: 'business-critical-outage' });
    expect(replyToCustomer(t, { message: 'On it' }, jane, d, at(later)).answered).toBe(true);
    expect(codeOf(() => replyToCustomer(t, { message: 'Done', status: 'resolved' }, jane, d, at(later)))).toBe('forbidden');
    const viewer = { ...jane, roleId: 'view-only' };
    expect(codeOf(() => replyToCustomer(t, { message: 'x' }, viewer, d, at(later)))).toBe('forbidden');
  });
});

describe('internal notes and the public thread', () => {
  test('notes are for agents: allowed on closed tickets, never in the public thread', () => {
    const closed = updateTicket(newTicket(d), { status: 'closed' }, john, d, at(later)).ticket;
    const noted = addInternalNote(closed, 'Customer called, all good', john, d, at(later));
    expect(noted.thread.some((e) => e.type === 'note')).toBe(true);
    expect(publicThread(noted.thread).map((e) => e.type)).toEqual(['message']);
    expect(noted.answered).toBe(false);
  });

  test('an agent without access to the department cannot add notes', () => {
    expect(codeOf(() => addInternalNote(newTicket(d), 'x', jane, d, at(later)))).toBe('forbidden');
  });
});

describe('size limit', () => {
  test('a ticket near the Cosmos DB item limit refuses new entries instead of failing the write', () => {
    let t = newTicket(d);
    const big = 'x'.repeat(100_000);
    let refused = false;
    for (let i = 0; i < 20 && !refused; i++) {
      try {
        t = addInternalNote(t, big, admin, d, at(later));
      } catch (err) {
        refused = (err as DomainError).code === 'ticket_full';
      }
    }
    expect(refused).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(t))).toBeLessThanOrEqual(MAX_TICKET_BYTES);
  });
});

describe('SLA timer', () => {
  test('an open ticket whose due time passed becomes overdue once; stale timers do nothing', () => {
    const t = newTicket(d, { topicId: 'business-critical-outage' });
    const due = t.dueAt!;
    expect(markOverdue(t, due, at(hoursAfter(T0, 0.5)))).toBeNull(); // not yet due
    expect(markOverdue(t, hoursAfter(T0, 7), at(hoursAfter(T0, 8)))).toBeNull(); // stale: other due time
    const overdue = markOverdue(t, due, at(hoursAfter(T0, 1)))!;
    expect(overdue.overdue).toBe(true);
    expect(overdue.outbox.at(-1)?.type).toBe('overdue');
    expect(markOverdue(overdue, due, at(hoursAfter(T0, 2)))).toBeNull(); // already overdue
    const resolved = updateTicket(overdue, { status: 'resolved' }, admin, d, at(hoursAfter(T0, 2))).ticket;
    expect(resolved.overdue).toBe(false);
  });
});

describe('disabled SLA plans', () => {
  test('a ticket on a plan that was disabled later still reopens, keeping its plan; new choices must be active', () => {
    const d2 = directory();
    const resolved = updateTicket(newTicket(d2), { status: 'resolved' }, john, d2, at(later)).ticket;
    d2.slaPlans.find((p) => p.id === 'default')!.active = false;
    const reopened = customerReply(resolved, 'Back again', d2, at(hoursAfter(T0, 2)));
    expect(reopened).toMatchObject({ status: 'open', slaPlanId: 'default', dueAt: hoursAfter(T0, 20) });
    d2.slaPlans.find((p) => p.id === 'sev-b')!.active = false;
    expect(codeOf(() => updateTicket(newTicket(directory()), { slaPlanId: 'sev-b' }, john, d2, at(later)))).toBe('validation_failed');
  });
});
