// What agents see: themselves, the directory, a ticket and a queue's rows, with names beside ids.
// Views only (no store access), shared by the staff use cases and the HTTP answers.
import { departmentAccess } from '../domain/access';
import { PRIORITIES, PRIORITY_LABELS, type Directory, type Ticket } from '../domain/model';
import { slaStanding } from '../domain/sla';
import type { Actor } from './actor';
import { attachmentViews } from './attachments';

const nameIn = (items: { id: string; name: string }[], id: string | null): string | null =>
  id === null ? null : (items.find((i) => i.id === id)?.name ?? null);

export function meView({ agent, directory }: Actor) {
  return {
    id: agent.id,
    name: agent.name,
    email: agent.email,
    isAdmin: agent.isAdmin,
    permissions: agent.permissions,
    departments: departmentAccess(agent, directory).map((a) => ({
      id: a.departmentId,
      name: nameIn(directory.departments, a.departmentId),
      primary: a.departmentId === agent.departmentId,
      role: { id: a.roleId, name: nameIn(directory.roles, a.roleId) },
      permissions: a.permissions,
    })),
  };
}

export function directoryView({ directory }: Actor) {
  return {
    departments: directory.departments.map((d) => ({ id: d.id, name: d.name, managerId: d.managerId, slaPlanId: d.slaPlanId })),
    slaPlans: directory.slaPlans.map((p) => ({ id: p.id, name: p.name, gracePeriodHours: p.gracePeriodHours, priorityGraceHours: p.priorityGraceHours ?? {}, active: p.active })),
    topics: directory.topics.map((t) => ({ id: t.id, name: t.name, public: t.public, departmentId: t.departmentId, priority: t.priority, slaPlanId: t.slaPlanId })),
    priorities: PRIORITIES.map((p) => ({ id: p, name: PRIORITY_LABELS[p] })),
    roles: directory.roles.map((r) => ({ id: r.id, name: r.name, permissions: r.permissions })),
    agents: directory.agents.map((a) => ({ id: a.id, name: a.name, email: a.email, departmentId: a.departmentId, active: a.active })),
  };
}

/** Names beside ids, so a thin client can show a ticket without a second look-up. */
export function withNames<T extends Pick<Ticket, 'departmentId' | 'assigneeId' | 'slaPlanId' | 'topicId'>>(t: T, d: Directory) {
  return {
    ...t,
    departmentName: nameIn(d.departments, t.departmentId),
    assigneeName: nameIn(d.agents, t.assigneeId),
    slaPlanName: nameIn(d.slaPlans, t.slaPlanId),
    topicName: nameIn(d.topics, t.topicId),
  };
}

/** A ticket as agents see it at `nowIso`: names beside ids, and where it stands against each SLA target. */
export function staffTicketView(ticket: Ticket, d: Directory, nowIso: string) {
  const { accessTokenHash: _secret, idempotencyKeyHash: _key, outbox: _outbox, thread, ...visible } = ticket;
  const filesAt = `/api/staff/tickets/${ticket.number}/attachments`;
  return withNames(
    {
      ...visible,
      sla: slaStanding(ticket, d, nowIso),
      thread: thread.map(({ attachments, ...entry }) => {
        const files = attachmentViews({ attachments }, filesAt);
        return files ? { ...entry, attachments: files } : entry;
      }),
    },
    d,
  );
}
