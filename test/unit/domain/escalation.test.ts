// Escalation on a resolution breach: the plan raises the priority and/or transfers the ticket, in
// the same write as the overdue mark, as one thread entry and one event; and who hears of it.
import { checkEntry, deletionBlockers } from '../../../shared/domain/directory-rules';
import { markFirstResponseOverdue, markOverdue, updateTicket } from '../../../shared/domain/lifecycle';
import type { Directory, SlaPlan, Ticket } from '../../../shared/domain/model';
import { notificationsFor } from '../../../shared/domain/notifications';
import { T0, agent, at, directory, hoursAfter, newTicket } from '../../support/mothers';

/** The seed with the Default plan escalating as given. */
function escalating(escalation: SlaPlan['escalation']): Directory {
  const d = directory();
  d.slaPlans.find((p) => p.id === 'default')!.escalation = escalation;
  return d;
}

const DUE = hoursAfter(T0, 18); // the Default plan, around the clock
const BREACH = hoursAfter(T0, 18.001);

describe('escalation on a resolution breach', () => {
  test('priority raised and ticket transferred with the overdue mark, as one entry and one event; an assignee who cannot follow is released', () => {
    const d = escalating({ priority: 'high', departmentId: 'sysadmin' });
    const assigned = updateTicket(newTicket(d), { assigneeId: 'john' }, agent(d, 'john'), d, at(T0)).ticket;
    const breached = markOverdue(assigned, DUE, at(BREACH), d)!;
    expect(breached).toMatchObject({ overdue: true, priority: 'high', departmentId: 'sysadmin', assigneeId: null, dueAt: DUE });
    expect(breached.thread.slice(-2).map((e) => e.body)).toEqual([
      'overdue no → yes',
      'escalated (Default): priority Normal → High, department Support → System Administrators, assignee John Smith → none',
    ]);
    expect(breached.outbox.slice(-2).map((e) => e.type)).toEqual(['overdue', 'escalated']);
    expect(breached.outbox.at(-1)!.data).toEqual({
      slaPlanId: 'default',
      fromPriority: 'normal',
      toPriority: 'high',
      fromDepartmentId: 'support',
      toDepartmentId: 'sysadmin',
      previousAssigneeId: 'john',
      assigneeId: null,
    });
  });

  test('a priority is never lowered; with nothing left to change there is no escalation', () => {
    const d = escalating({ priority: 'high' });
    const urgent = newTicket(d, { priority: 'emergency' });
    const breached = markOverdue(urgent, urgent.dueAt!, at(hoursAfter(T0, 5)), d)!;
    expect(breached).toMatchObject({ overdue: true, priority: 'emergency' });
    expect(breached.outbox.map((e) => e.type)).not.toContain('escalated');
  });

  test('priority only keeps the department and assignee; a department that no longer exists is left out', () => {
    const d = escalating({ priority: 'emergency', departmentId: 'gone' });
    const breached = markOverdue(newTicket(d), DUE, at(BREACH), d)!;
    expect(breached).toMatchObject({ priority: 'emergency', departmentId: 'support' });
    expect(breached.thread.at(-1)!.body).toBe('escalated (Default): priority Normal → Emergency');
  });

  test('no plan escalation, or the first-response target, only mark overdue', () => {
    const plain = directory();
    expect(markOverdue(newTicket(plain), DUE, at(BREACH), plain)!.outbox.map((e) => e.type).filter((t) => t !== 'created')).toEqual(['overdue']);
    const d = escalating({ priority: 'emergency' });
    d.slaPlans.find((p) => p.id === 'default')!.firstResponseHours = 1;
    const t = newTicket(d);
    expect(markFirstResponseOverdue(t, t.firstResponseDueAt!, at(hoursAfter(T0, 2)))).toMatchObject({ firstResponseOverdue: true, priority: 'normal' });
  });
});

describe('who hears of the escalation', () => {
  const mails = (t: Ticket, d: Directory) =>
    notificationsFor(t.outbox.at(-1)!, {
      directory: d,
      ticket: t,
      from: { name: 'Help desk', email: 'helpdesk@example.com' },
      messageIdDomain: 'example.com',
      customerLink: (n: string) => `https://help.example.com/#ticket=${n}`,
      staffLink: (n: string) => `https://help.example.com/staff#ticket=${n}`,
    }).map((n) => `${n.mail.to.email}: ${n.mail.subject}`);

  test('transferred: the new department\'s manager and agents; the customer never', () => {
    const d = escalating({ priority: 'high', departmentId: 'sysadmin' });
    const breached = markOverdue(newTicket(d), DUE, at(BREACH), d)!;
    expect(mails(breached, d).sort()).toEqual(['admin@example.com: [#100001] Escalated: Mobile banking app will not log in', 'jane@example.com: [#100001] Escalated: Mobile banking app will not log in']);
  });
});

describe('the plan\'s escalation in the directory', () => {
  test('must name a department that exists, and that department cannot be deleted while a plan escalates to it', () => {
    const d = escalating({ departmentId: 'sysadmin' });
    const plan = d.slaPlans.find((p) => p.id === 'default')!;
    expect(() => checkEntry({ ...plan, escalation: { departmentId: 'nowhere' } }, d)).toThrow("escalation.departmentId: no department 'nowhere'");
    const sysadmin = d.departments.find((x) => x.id === 'sysadmin')!;
    expect(deletionBlockers(sysadmin, d, 0)).toContainEqual({ path: 'slaPlans', message: '1 SLA plan(s) escalate to it: default' });
  });
});
