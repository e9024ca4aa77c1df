// The ticket lifecycle as pure functions: (ticket, command, actor, directory, now) -> new ticket
// with its thread entries and outbox events, or a coded DomainError. The application layer does
// the one conditional write; nothing here touches I/O.
import type { AttachmentRef } from './attachments';
import { canSee, hasPermission, requireAccess, requirePermission } from './access';
import { DomainError, invalid } from './errors';
import {
  PRIORITY_LABELS,
  isOpenState,
  type Agent,
  type Author,
  type Customer,
  type Department,
  type Directory,
  type HelpTopic,
  type LifecycleEvent,
  type LifecycleEventType,
  type Priority,
  type SlaPlan,
  type DepartmentPermission,
  type Status,
  type Ticket,
  type ThreadEntry,
  type ThreadEntryType,
} from './model';
import { businessMsBetween } from './business-time';
import { computeDueAt, computeFirstResponseDueAt, isPastDue, pausedBusinessMs, scheduleFor } from './sla';

/** Cosmos DB's item limit is 2 MB; refuse new entries well before a write could fail. */
export const MAX_TICKET_BYTES = 1_500_000;

/** What every action needs besides its inputs: the time and a source of unique ids. */
export interface ActionContext {
  now: string;
  newId: () => string;
}

/**
 * Which status may follow which. Resolved and closed are osTicket's closed state; both may reopen.
 * Pending (waiting on the customer) is entered from open and left for open, resolved or closed.
 */
export const STATUS_TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

/**
 * The permission a status change needs: waiting on the customer and back is part of replying
 * (`ticket.reply`); resolving, closing and reopening a resolved or closed ticket need `ticket.close`.
 */
export function statusPermission(from: Status, to: Status): DepartmentPermission {
  return to === 'pending' || (from === 'pending' && to === 'open') ? 'ticket.reply' : 'ticket.close';
}

export const SYSTEM: Author = { type: 'system', name: 'Help desk' };

export function agentAuthor(agent: Agent): Author {
  return { type: 'agent', id: agent.id, name: agent.name };
}

export function customerAuthor(customer: Customer): Author {
  return { type: 'customer', name: customer.name, email: customer.email };
}

// ---------------------------------------------------------------- directory look-ups

function findOrInvalid<T extends { id: string }>(items: T[], id: string, path: string, what: string): T {
  const found = items.find((i) => i.id === id);
  if (!found) throw invalid(`Unknown ${what} '${id}'`, [{ path, message: `no ${what} with this id` }]);
  return found;
}

const department = (d: Directory, id: string, path = 'departmentId'): Department =>
  findOrInvalid(d.departments, id, path, 'department');

function slaPlan(d: Directory, id: string, path = 'slaPlanId'): SlaPlan {
  const plan = findOrInvalid(d.slaPlans, id, path, 'SLA plan');
  if (!plan.active) throw invalid(`SLA plan ${plan.name} is not active`, [{ path, message: 'SLA plan is disabled' }]);
  return plan;
}

/**
 * The plan a new ticket takes: its help topic's, else its department's, else the system default
 * (the SLA settings' `defaultPlanId`). The topic comes first as in osTicket, whose ticket creation
 * (class.ticket.php) hands the topic's plan to `selectSLAId` as the one that trumps the department's.
 */
export function slaPlanIdFor(d: Directory, topic: Pick<HelpTopic, 'slaPlanId'>, dept: Pick<Department, 'slaPlanId'>): string {
  return topic.slaPlanId ?? dept.slaPlanId ?? d.sla.defaultPlanId;
}

const nameOf = <T extends { id: string; name: string }>(items: T[], id: string | null): string =>
  id === null ? 'none' : (items.find((i) => i.id === id)?.name ?? id);

// ---------------------------------------------------------------- building blocks

/** What a thread entry may carry besides its text. */
export interface EntryExtras {
  event?: ThreadEntry['event'];
  /** For messages that came by e-mail (see `hasEmailMessage`). */
  emailMessageId?: string;
  /** Files already stored; the entry keeps only their references. */
  attachments?: AttachmentRef[];
}

/** Event data about an entry's files: their number, only when there are any. */
function attachmentData(attachments: readonly AttachmentRef[] | undefined): LifecycleEvent['data'] {
  return attachments?.length ? { attachments: attachments.length } : {};
}

/** Records one change: a thread entry and, when someone downstream cares, an outbox event. */
class Recorder {
  readonly entries: ThreadEntry[] = [];
  readonly events: LifecycleEvent[] = [];

  constructor(
    private readonly ticketNumber: string,
    private readonly actor: Author,
    private readonly ctx: ActionContext,
  ) {}

  /** Appends a thread entry and returns its id, so events can point at it. */
  entry(type: ThreadEntryType, body: string, extras: EntryExtras = {}): string {
    const id = this.ctx.newId();
    this.entries.push({
      id,
      type,
      author: this.actor,
      createdAt: this.ctx.now,
      body,
      ...(extras.event ? { event: extras.event } : {}),
      ...(extras.emailMessageId ? { emailMessageId: extras.emailMessageId } : {}),
      ...(extras.attachments?.length ? { attachments: extras.attachments } : {}),
    });
    return id;
  }

  change(field: string, label: string, from: string | null, to: string | null, fromText: string, toText: string): void {
    this.entry('event', `${label} ${fromText} → ${toText}`, { event: { field, from, to } });
  }

  emit(type: LifecycleEventType, data: LifecycleEvent['data']): void {
    this.events.push({
      id: this.ctx.newId(),
      type,
      ticketNumber: this.ticketNumber,
      time: this.ctx.now,
      actor: this.actor,
      data,
    });
  }

  /** The ticket with this action's entries and events appended, refused if it would grow too large. */
  apply(ticket: Ticket): Ticket {
    const next: Ticket = {
      ...ticket,
      updatedAt: this.ctx.now,
      lastActivityAt: this.ctx.now,
      thread: [...ticket.thread, ...this.entries],
      outbox: [...withinOutboxRetention(ticket.outbox, this.ctx.now), ...this.events],
    };
    if (Buffer.byteLength(JSON.stringify(next)) > MAX_TICKET_BYTES) {
      throw new DomainError(
        'ticket_full',
        `Ticket #${ticket.number} has reached its size limit; open a new ticket that refers to it`,
      );
    }
    return next;
  }
}

function setDueAt(ticket: Ticket, rec: Recorder, dueAt: string | null, source: Ticket['dueAtSource']): Ticket {
  if (ticket.dueAt === dueAt && ticket.dueAtSource === source) return ticket;
  if (ticket.dueAt !== dueAt) {
    rec.change('dueAt', 'due', ticket.dueAt, dueAt, ticket.dueAt ?? 'none', dueAt ?? 'none');
    rec.emit('due.changed', { dueAt, previousDueAt: ticket.dueAt, source });
  }
  // A new due time clears overdue, as in osTicket, and its warning; the SLA timers set them again.
  return { ...ticket, dueAt, dueAtSource: source, overdue: false, ...(ticket.dueAt !== dueAt && ticket.slaWarningAt ? { slaWarningAt: null } : {}) };
}

/**
 * A ticket keeps the plan it has even after the plan is disabled: only new choices must be active.
 * Finished pending spells since the anchor do not count (a spell still running is added when it ends).
 */
function slaDueAt(ticket: Ticket, directory: Directory): string | null {
  const plan = findOrInvalid(directory.slaPlans, ticket.slaPlanId, 'slaPlanId', 'SLA plan');
  const calendar = scheduleFor(directory, ticket.departmentId, plan);
  return computeDueAt(ticket.slaAnchorAt, plan, ticket.priority, calendar, pausedBusinessMs(ticket.slaPauses, ticket.slaAnchorAt, calendar));
}

/** The first-response target as the directory has it now, less pending spells; unchanged once an agent has responded. */
function firstResponseDueAt(ticket: Ticket, directory: Directory): string | null {
  if (ticket.firstResponseAt) return ticket.firstResponseDueAt ?? null;
  const plan = findOrInvalid(directory.slaPlans, ticket.slaPlanId, 'slaPlanId', 'SLA plan');
  const calendar = scheduleFor(directory, ticket.departmentId, plan);
  return computeFirstResponseDueAt(ticket.createdAt, plan, calendar, pausedBusinessMs(ticket.slaPauses, ticket.createdAt, calendar));
}

function setFirstResponseDueAt(ticket: Ticket, rec: Recorder, dueAt: string | null): Ticket {
  const before = ticket.firstResponseDueAt ?? null;
  if (before === dueAt || ticket.firstResponseAt) return ticket;
  rec.change('firstResponseDueAt', 'first response due', before, dueAt, before ?? 'none', dueAt ?? 'none');
  rec.emit('firstResponse.changed', { firstResponseDueAt: dueAt, previousFirstResponseDueAt: before });
  return { ...ticket, firstResponseDueAt: dueAt, firstResponseOverdue: false, ...(ticket.firstResponseWarningAt ? { firstResponseWarningAt: null } : {}) };
}

/**
 * Both targets again after the directory changed (a schedule, a plan, a department's schedule):
 * the resolution target unless an agent set it by hand, and the first response unless given.
 * Returns null when nothing changes. Used by the background recompute, one ticket at a time.
 */
export function recomputeTargets(ticket: Ticket, d: Directory, ctx: ActionContext): Ticket | null {
  if (!isOpenState(ticket.status)) return null;
  const rec = new Recorder(ticket.number, SYSTEM, ctx);
  let next = ticket;
  if (ticket.dueAtSource === 'sla') next = setDueAt(next, rec, slaDueAt(next, d), 'sla');
  next = setFirstResponseDueAt(next, rec, firstResponseDueAt(next, d));
  return rec.entries.length === 0 ? null : rec.apply(next);
}

const minutesText = (ms: number): string => {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
};

/**
 * A pending ticket's clocks run again: the spell joins `slaPauses`, and both targets move out by
 * the business time it lasted (in the ticket's schedule). A resolution due time set by hand stays
 * as the agent set it: it is a date they chose, as everywhere else. A target missed before the
 * pause that is still past stays marked, so its alert is not sent twice.
 */
function resumeClocks(ticket: Ticket, rec: Recorder, d: Directory, now: string): { ticket: Ticket; pausedMs: number } {
  const from = ticket.pendingSince ?? now;
  const pausedMs = businessMsBetween(from, now, scheduleFor(d, ticket.departmentId, d.slaPlans.find((p) => p.id === ticket.slaPlanId)));
  rec.change('pendingSince', 'SLA clocks', from, null, 'stopped', `running (${minutesText(pausedMs)} of business time paused)`);
  let next: Ticket = { ...ticket, pendingSince: null, slaPauses: [...(ticket.slaPauses ?? []), { from, to: now }] };
  if (next.dueAtSource === 'sla') next = setDueAt(next, rec, slaDueAt(next, d), 'sla');
  next = setFirstResponseDueAt(next, rec, firstResponseDueAt(next, d));
  return {
    ticket: {
      ...next,
      overdue: next.overdue || (ticket.overdue && isPastDue(next.dueAt, now)),
      firstResponseOverdue: (next.firstResponseOverdue ?? false) || ((ticket.firstResponseOverdue ?? false) && isPastDue(next.firstResponseDueAt ?? null, now)),
    },
    pausedMs,
  };
}

function transition(ticket: Ticket, to: Status, rec: Recorder, directory: Directory, now: string): Ticket {
  if (ticket.status === to) return ticket;
  if (!STATUS_TRANSITIONS[ticket.status].includes(to)) {
    throw new DomainError('invalid_transition', `A ${ticket.status} ticket cannot become ${to}`, [
      { path: 'status', message: `allowed from ${ticket.status}: ${STATUS_TRANSITIONS[ticket.status].join(', ')}` },
    ]);
  }
  rec.change('status', 'status', ticket.status, to, ticket.status, to);
  let next: Ticket = { ...ticket, status: to };
  if (to === 'pending') {
    rec.change('pendingSince', 'SLA clocks', null, now, 'running', 'stopped (waiting on the customer)');
    rec.emit('status.changed', { from: ticket.status, to });
    return { ...next, pendingSince: now };
  }
  if (ticket.status === 'pending') {
    const resumed = resumeClocks(next, rec, directory, now);
    next = resumed.ticket;
    if (to === 'open') {
      // Not a reopening: the anchor stays. The event carries both due times so the SLA consumer
      // times them again: a timer that fired while pending did nothing, even for an unchanged due time.
      rec.emit('status.changed', {
        from: ticket.status,
        to,
        pausedBusinessMinutes: Math.round(resumed.pausedMs / 60_000),
        dueAt: next.dueAt,
        firstResponseDueAt: next.firstResponseAt ? null : (next.firstResponseDueAt ?? null),
      });
      return next;
    }
  }
  if (to === 'open') {
    rec.emit('reopened', { from: ticket.status });
    next = { ...next, reopenedAt: now, resolvedAt: null, closedAt: null, slaAnchorAt: now, answered: false };
    return setDueAt(next, rec, slaDueAt(next, directory), 'sla');
  }
  if (to === 'resolved') {
    rec.emit('resolved', { from: ticket.status });
    return { ...next, resolvedAt: now, overdue: false };
  }
  rec.emit('closed', { from: ticket.status });
  return { ...next, closedAt: now, overdue: false };
}

function requireOpen(ticket: Ticket, what: string): void {
  if (!isOpenState(ticket.status)) {
    throw new DomainError('ticket_closed', `Ticket #${ticket.number} is ${ticket.status}; reopen it before changing its ${what}`);
  }
}

// ---------------------------------------------------------------- intake

export interface OpenTicketCommand {
  number: string;
  customer: Customer;
  topicId: string;
  subject: string;
  message: string;
  priority?: Priority;
  source: Ticket['source'];
  accessTokenHash: string;
  idempotencyKeyHash: string | null;
  /**
   * Whether the requester has already proved the address (an authentic e-mail from it). Otherwise
   * the ticket waits for the e-mailed link: until then the 201 token sees no agent replies.
   */
  addressVerified?: boolean;
  /** False: no auto-response for this ticket (osTicket's `autorespond`); the rules read it from the `created` event. */
  autoRespond?: boolean;
  /** False: no new-ticket alert to the department's agents (osTicket's `alert`), read from the `created` event too. */
  alert?: boolean;
  attachments?: AttachmentRef[];
  /** An e-mail's delivery key (see `hasEmailMessage`): its Message-ID threads the notices as answers to it. */
  emailMessageId?: string;
  /** The mailbox it came in through (issue 25), whose address its notices go out from. */
  mailboxId?: string;
}

/** A new ticket from a customer: the topic's department, priority and SLA plan apply. */
export function openTicket(cmd: OpenTicketCommand, directory: Directory, ctx: ActionContext): Ticket {
  const topic: HelpTopic = findOrInvalid(directory.topics, cmd.topicId, 'topicId', 'help topic');
  if (!topic.public) throw invalid(`Help topic '${topic.name}' is not open to customers`, [{ path: 'topicId', message: 'not a public help topic' }]);
  const dept = department(directory, topic.departmentId);
  const plan = slaPlan(directory, slaPlanIdFor(directory, topic, dept));
  const priority = cmd.priority ?? topic.priority;
  const autoAssignee = directory.agents.find(
    (a) => a.id === topic.autoAssignAgentId && a.active && canSee(a, dept.id, directory),
  );
  const customer = customerAuthor(cmd.customer);
  const rec = new Recorder(cmd.number, customer, ctx);
  const calendar = scheduleFor(directory, dept.id, plan);
  const dueAt = computeDueAt(ctx.now, plan, priority, calendar);
  const firstResponseDue = computeFirstResponseDueAt(ctx.now, plan, calendar);
  const entryId = rec.entry('message', cmd.message, { attachments: cmd.attachments, ...(cmd.emailMessageId ? { emailMessageId: cmd.emailMessageId } : {}) });
  rec.emit('created', {
    entryId,
    subject: cmd.subject,
    departmentId: dept.id,
    topicId: topic.id,
    priority,
    slaPlanId: plan.id,
    assigneeId: autoAssignee?.id ?? null,
    dueAt,
    // Only with a first-response target, so every other ticket's event stays as it was.
    ...(firstResponseDue !== null ? { firstResponseDueAt: firstResponseDue } : {}),
    source: cmd.source,
    // Only when switched off, so every other ticket's event stays as it was.
    ...(cmd.autoRespond === false ? { autoRespond: false } : {}),
    ...(cmd.alert === false ? { alert: false } : {}),
    ...attachmentData(cmd.attachments),
  });
  const blank: Ticket = {
    id: cmd.number,
    number: cmd.number,
    subject: cmd.subject,
    customer: cmd.customer,
    accessTokenHash: cmd.accessTokenHash,
    source: cmd.source,
    topicId: topic.id,
    departmentId: dept.id,
    priority,
    slaPlanId: plan.id,
    assigneeId: autoAssignee?.id ?? null,
    status: 'open',
    answered: false,
    overdue: false,
    dueAt,
    dueAtSource: 'sla',
    slaAnchorAt: ctx.now,
    firstResponseDueAt: firstResponseDue,
    firstResponseAt: null,
    firstResponseOverdue: false,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    lastActivityAt: ctx.now,
    lastMessageAt: ctx.now,
    lastResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    reopenedAt: null,
    idempotencyKeyHash: cmd.idempotencyKeyHash,
    addressVerifiedAt: cmd.addressVerified ? ctx.now : null,
    ...(cmd.mailboxId ? { mailboxId: cmd.mailboxId } : {}),
    thread: [],
    outbox: [],
  };
  return rec.apply(blank);
}

// ---------------------------------------------------------------- customer follow-up

/**
 * The customer writes again; a resolved or closed ticket reopens, a pending one is open again (its
 * clocks run on). A message that came by e-mail
 * keeps its Message-ID on the entry (see `hasEmailMessage`).
 */
export function customerReply(
  ticket: Ticket,
  message: string,
  directory: Directory,
  ctx: ActionContext,
  extras: Pick<EntryExtras, 'emailMessageId' | 'attachments'> = {},
): Ticket {
  const rec = new Recorder(ticket.number, customerAuthor(ticket.customer), ctx);
  const entryId = rec.entry('message', message, extras);
  rec.emit('message', { entryId, reopens: !isOpenState(ticket.status), ...attachmentData(extras.attachments) });
  const reopened = transition(ticket, 'open', rec, directory, ctx.now);
  return rec.apply({ ...reopened, answered: false, lastMessageAt: ctx.now });
}

/** True when a thread entry already holds the e-mail with this Message-ID (a redelivery). */
export function hasEmailMessage(ticket: Ticket, emailMessageId: string): boolean {
  return ticket.thread.some((e) => e.emailMessageId === emailMessageId);
}

// ---------------------------------------------------------------- staff actions

export interface TicketChanges {
  priority?: Priority;
  slaPlanId?: string;
  departmentId?: string;
  assigneeId?: string | null;
  /** An explicit due time, or null to go back to the SLA plan's. */
  dueAt?: string | null;
  status?: Status;
}

export interface ActionResult {
  ticket: Ticket;
  /** False when the command asked for what the ticket already was: nothing is written. */
  changed: boolean;
}

/** Checks every permission a change needs before anything is applied, so a refusal changes nothing. */
function authorizeChanges(ticket: Ticket, c: TicketChanges, agent: Agent, d: Directory): void {
  const dept = ticket.departmentId;
  requireAccess(agent, dept, d);
  if (c.priority !== undefined && c.priority !== ticket.priority) requirePermission(agent, dept, 'ticket.edit', d);
  if (c.slaPlanId !== undefined && c.slaPlanId !== ticket.slaPlanId) requirePermission(agent, dept, 'ticket.edit', d);
  if (c.dueAt !== undefined) requirePermission(agent, dept, 'ticket.edit', d);
  if (c.departmentId !== undefined && c.departmentId !== dept) requirePermission(agent, dept, 'ticket.transfer', d);
  if (c.assigneeId !== undefined && c.assigneeId !== ticket.assigneeId) {
    if (c.assigneeId === null) {
      // Releasing is allowed with either ticket.release or ticket.assign.
      if (!hasPermission(agent, dept, 'ticket.assign', d)) requirePermission(agent, dept, 'ticket.release', d);
    } else {
      requirePermission(agent, dept, 'ticket.assign', d);
    }
  }
  if (c.status !== undefined && c.status !== ticket.status) requirePermission(agent, dept, statusPermission(ticket.status, c.status), d);
}

function applyTransfer(ticket: Ticket, to: string, rec: Recorder, d: Directory): Ticket {
  if (to === ticket.departmentId) return ticket;
  requireOpen(ticket, 'department');
  const target = department(d, to);
  rec.change('departmentId', 'department', ticket.departmentId, target.id, nameOf(d.departments, ticket.departmentId), target.name);
  rec.emit('transferred', { fromDepartmentId: ticket.departmentId, toDepartmentId: target.id });
  let next: Ticket = { ...ticket, departmentId: target.id };
  const assignee = d.agents.find((a) => a.id === ticket.assigneeId);
  if (ticket.assigneeId !== null && !(assignee && canSee(assignee, target.id, d))) {
    // The assignee cannot follow the ticket into a department they cannot see: release it.
    rec.change('assigneeId', 'assignee', ticket.assigneeId, null, nameOf(d.agents, ticket.assigneeId), 'none');
    rec.emit('released', { previousAssigneeId: ticket.assigneeId });
    next = { ...next, assigneeId: null };
  }
  return next;
}

function applyAssignee(ticket: Ticket, to: string | null, rec: Recorder, d: Directory): Ticket {
  if (to === ticket.assigneeId) return ticket;
  requireOpen(ticket, 'assignee');
  if (to === null) {
    rec.change('assigneeId', 'assignee', ticket.assigneeId, null, nameOf(d.agents, ticket.assigneeId), 'none');
    rec.emit('released', { previousAssigneeId: ticket.assigneeId });
    return { ...ticket, assigneeId: null };
  }
  const agent = findOrInvalid(d.agents, to, 'assigneeId', 'agent');
  if (!agent.active) throw invalid(`${agent.name} is not an active agent`, [{ path: 'assigneeId', message: 'agent is disabled' }]);
  if (!canSee(agent, ticket.departmentId, d)) {
    throw invalid(`${agent.name} cannot be assigned: no access to the ${nameOf(d.departments, ticket.departmentId)} department`, [
      { path: 'assigneeId', message: 'the agent cannot see the ticket\'s department' },
    ]);
  }
  rec.change('assigneeId', 'assignee', ticket.assigneeId, agent.id, nameOf(d.agents, ticket.assigneeId), agent.name);
  rec.emit('assigned', { assigneeId: agent.id, previousAssigneeId: ticket.assigneeId });
  return { ...ticket, assigneeId: agent.id };
}

/** PATCH: any of priority, SLA plan, department, assignee, due time and status, as one action. */
export function updateTicket(
  ticket: Ticket,
  changes: TicketChanges,
  agent: Agent,
  d: Directory,
  ctx: ActionContext,
): ActionResult {
  authorizeChanges(ticket, changes, agent, d);
  const rec = new Recorder(ticket.number, agentAuthor(agent), ctx);
  let next = ticket;
  // Reopen first so the other changes apply to an open ticket; close last for the same reason.
  if (changes.status === 'open') next = transition(next, 'open', rec, d, ctx.now);
  if (changes.departmentId !== undefined) next = applyTransfer(next, changes.departmentId, rec, d);
  if (changes.assigneeId !== undefined) next = applyAssignee(next, changes.assigneeId, rec, d);

  // A new department may count in other business hours; a due time set by hand stays as given.
  let recomputeDue = next.departmentId !== ticket.departmentId && next.dueAtSource === 'sla';
  if (changes.priority !== undefined && changes.priority !== next.priority) {
    requireOpen(next, 'priority');
    rec.change('priority', 'priority', next.priority, changes.priority, PRIORITY_LABELS[next.priority], PRIORITY_LABELS[changes.priority]);
    rec.emit('priority.changed', { from: next.priority, to: changes.priority });
    next = { ...next, priority: changes.priority };
    recomputeDue = true;
  }
  if (changes.slaPlanId !== undefined && changes.slaPlanId !== next.slaPlanId) {
    requireOpen(next, 'SLA plan');
    const plan = slaPlan(d, changes.slaPlanId);
    rec.change('slaPlanId', 'SLA plan', next.slaPlanId, plan.id, nameOf(d.slaPlans, next.slaPlanId), plan.name);
    rec.emit('sla.changed', { from: next.slaPlanId, to: plan.id });
    next = { ...next, slaPlanId: plan.id };
    recomputeDue = true;
  }
  if (changes.dueAt !== undefined) {
    requireOpen(next, 'due time');
    if (changes.dueAt === null) {
      next = setDueAt(next, rec, slaDueAt(next, d), 'sla');
    } else {
      if (isPastDue(changes.dueAt, ctx.now)) {
        throw invalid('The due time must be in the future', [{ path: 'dueAt', message: `must be after ${ctx.now}` }]);
      }
      next = setDueAt(next, rec, new Date(changes.dueAt).toISOString(), 'manual');
    }
  } else if (recomputeDue) {
    next = setDueAt(next, rec, slaDueAt(next, d), 'sla');
  }
  if (isOpenState(next.status) && (next.departmentId !== ticket.departmentId || next.slaPlanId !== ticket.slaPlanId)) {
    next = setFirstResponseDueAt(next, rec, firstResponseDueAt(next, d));
  }
  if (changes.status !== undefined && changes.status !== 'open') next = transition(next, changes.status, rec, d, ctx.now);

  if (rec.entries.length === 0) return { ticket, changed: false };
  return { ticket: rec.apply(next), changed: true };
}

/** A response to the customer, optionally changing the status in the same action (e.g. resolve). */
export function replyToCustomer(
  ticket: Ticket,
  cmd: { message: string; status?: Status; attachments?: AttachmentRef[] },
  agent: Agent,
  d: Directory,
  ctx: ActionContext,
): Ticket {
  requirePermission(agent, ticket.departmentId, 'ticket.reply', d);
  if (cmd.status !== undefined && cmd.status !== ticket.status) requirePermission(agent, ticket.departmentId, statusPermission(ticket.status, cmd.status), d);
  const rec = new Recorder(ticket.number, agentAuthor(agent), ctx);
  let next = ticket;
  if (cmd.status === 'open') next = transition(next, 'open', rec, d, ctx.now);
  const entryId = rec.entry('response', cmd.message, { attachments: cmd.attachments });
  rec.emit('response', { entryId, assigneeId: next.assigneeId, ...attachmentData(cmd.attachments) });
  next = { ...next, answered: true, lastResponseAt: ctx.now };
  // The first response meets (or ends) the first-response target; whether it was met stays visible
  // by comparing firstResponseAt with firstResponseDueAt.
  if (!next.firstResponseAt) next = { ...next, firstResponseAt: ctx.now, firstResponseOverdue: false };
  if (cmd.status !== undefined && cmd.status !== 'open') next = transition(next, cmd.status, rec, d, ctx.now);
  return rec.apply(next);
}

/** An internal note: visible to agents only; allowed on closed tickets too, as in osTicket. */
export function addInternalNote(ticket: Ticket, note: string, agent: Agent, d: Directory, ctx: ActionContext, attachments?: AttachmentRef[]): Ticket {
  requireAccess(agent, ticket.departmentId, d);
  const rec = new Recorder(ticket.number, agentAuthor(agent), ctx);
  const entryId = rec.entry('note', note, { attachments });
  rec.emit('note', { entryId, ...attachmentData(attachments) });
  return rec.apply(ticket);
}

/**
 * The SLA timer fired for `expectedDueAt`. Returns null when there is nothing to do: the ticket is
 * no longer open, already overdue, or its due time changed since the timer was set (a stale timer).
 * With a directory, the plan's escalation applies in the same write, after the overdue mark.
 */
export function markOverdue(ticket: Ticket, expectedDueAt: string, ctx: ActionContext, d?: Directory): Ticket | null {
  if (ticket.status !== 'open' || ticket.overdue || ticket.dueAt !== expectedDueAt) return null;
  if (!isPastDue(ticket.dueAt, ctx.now)) return null;
  const rec = new Recorder(ticket.number, SYSTEM, ctx);
  rec.change('overdue', 'overdue', 'false', 'true', 'no', 'yes');
  rec.emit('overdue', { dueAt: ticket.dueAt, assigneeId: ticket.assigneeId, departmentId: ticket.departmentId });
  const next: Ticket = { ...ticket, overdue: true };
  return rec.apply(d ? escalate(next, rec, d) : next);
}

const PRIORITY_RANK: Readonly<Record<Priority, number>> = { low: 0, normal: 1, high: 2, emergency: 3 };

/**
 * The plan's escalation on a resolution breach, as one thread entry and one `escalated` event: the
 * priority raised (never lowered), the ticket transferred (an assignee who cannot follow is
 * released). The breached due time stays: the breach is history, not recomputed away. A
 * department that no longer exists is left out rather than failing the overdue mark.
 */
function escalate(ticket: Ticket, rec: Recorder, d: Directory): Ticket {
  const plan = d.slaPlans.find((p) => p.id === ticket.slaPlanId);
  if (!plan?.escalation) return ticket;
  const esc = plan.escalation;
  const priority = esc.priority && PRIORITY_RANK[esc.priority] > PRIORITY_RANK[ticket.priority] ? esc.priority : ticket.priority;
  const target = esc.departmentId && esc.departmentId !== ticket.departmentId ? d.departments.find((x) => x.id === esc.departmentId) : undefined;
  const departmentId = target?.id ?? ticket.departmentId;
  if (priority === ticket.priority && departmentId === ticket.departmentId) return ticket;
  const assignee = d.agents.find((a) => a.id === ticket.assigneeId);
  const assigneeId = ticket.assigneeId !== null && assignee && canSee(assignee, departmentId, d) ? ticket.assigneeId : null;
  const parts = [
    ...(priority !== ticket.priority ? [`priority ${PRIORITY_LABELS[ticket.priority]} → ${PRIORITY_LABELS[priority]}`] : []),
    ...(departmentId !== ticket.departmentId ? [`department ${nameOf(d.departments, ticket.departmentId)} → ${nameOf(d.departments, departmentId)}`] : []),
    ...(assigneeId !== ticket.assigneeId ? [`assignee ${nameOf(d.agents, ticket.assigneeId)} → none`] : []),
  ];
  rec.entry('event', `escalated (${plan.name}): ${parts.join(', ')}`, { event: { field: 'escalation', from: null, to: plan.id } });
  rec.emit('escalated', {
    slaPlanId: plan.id,
    fromPriority: ticket.priority,
    toPriority: priority,
    fromDepartmentId: ticket.departmentId,
    toDepartmentId: departmentId,
    previousAssigneeId: ticket.assigneeId,
    assigneeId,
  });
  return { ...ticket, priority, departmentId, assigneeId };
}

/** The first-response timer fired for `expectedDueAt`: null when responded, closed, already marked or stale. */
export function markFirstResponseOverdue(ticket: Ticket, expectedDueAt: string, ctx: ActionContext): Ticket | null {
  if (ticket.status !== 'open' || ticket.firstResponseAt || ticket.firstResponseOverdue || ticket.firstResponseDueAt !== expectedDueAt) return null;
  if (!isPastDue(expectedDueAt, ctx.now)) return null;
  const rec = new Recorder(ticket.number, SYSTEM, ctx);
  rec.change('firstResponseOverdue', 'first response overdue', 'false', 'true', 'no', 'yes');
  rec.emit('firstResponse.overdue', { firstResponseDueAt: expectedDueAt, assigneeId: ticket.assigneeId, departmentId: ticket.departmentId });
  return rec.apply({ ...ticket, firstResponseOverdue: true });
}

/**
 * The warning timer of one target fired: the target is approaching. Null when there is nothing to
 * say: the ticket is not open (pending clocks are stopped), the target was met or missed already,
 * its due time changed since (a stale timer), or this due time was warned about before (a
 * redelivered timer): one warning per due time.
 */
export function markSlaWarning(ticket: Ticket, target: 'resolution' | 'firstResponse', expectedDueAt: string, ctx: ActionContext): Ticket | null {
  if (ticket.status !== 'open') return null;
  const first = target === 'firstResponse';
  const unmet = first ? !ticket.firstResponseAt && !ticket.firstResponseOverdue && ticket.firstResponseDueAt === expectedDueAt : !ticket.overdue && ticket.dueAt === expectedDueAt;
  if (!unmet || (first ? ticket.firstResponseWarningAt : ticket.slaWarningAt) || isPastDue(expectedDueAt, ctx.now)) return null;
  const rec = new Recorder(ticket.number, SYSTEM, ctx);
  const field = first ? 'firstResponseWarningAt' : 'slaWarningAt';
  rec.change(field, first ? 'first response SLA warning' : 'SLA warning', null, ctx.now, 'none', `due ${expectedDueAt}`);
  rec.emit('sla.warning', { target, dueAt: expectedDueAt, assigneeId: ticket.assigneeId, departmentId: ticket.departmentId });
  return rec.apply({ ...ticket, [field]: ctx.now });
}

/**
 * The requester proved the address for this ticket: used a link e-mailed to it, or wrote authentic
 * mail from it. Null when it was proved already (tickets from before issue 18 count as proved).
 * The thread records it; it is not activity, so queues keep their order.
 */
export function verifyAddress(ticket: Ticket, how: string, ctx: ActionContext): Ticket | null {
  if (ticket.addressVerifiedAt !== null) return null;
  const rec = new Recorder(ticket.number, SYSTEM, ctx);
  rec.change('addressVerifiedAt', `requester's address (${how})`, null, ctx.now, 'not verified', 'verified');
  return { ...rec.apply({ ...ticket, addressVerifiedAt: ctx.now }), lastActivityAt: ticket.lastActivityAt };
}

/**
 * The customer's view of a thread: their messages and the agents' responses. Internal notes are
 * never shown, nor the staff event log (assignments, transfers), which is the agents' business.
 */
export function publicThread(thread: ThreadEntry[]): ThreadEntry[] {
  return thread.filter((e) => e.type === 'message' || e.type === 'response');
}

/**
 * How long an event stays in its ticket's outbox. The change feed shows only a ticket's newest
 * version, so an event may leave only once the publisher has surely read a version holding it:
 * a write prunes events older than this, far beyond the publisher's lag (it warns past a minute
 * and alarms past an hour: shared/app/event-publishing.ts). Service Bus drops a re-sent event id
 * for a day (duplicate detection, infra/main.bicep), longer than this plus that alarm, so an
 * event read again is never delivered twice.
 */
export const OUTBOX_RETENTION_MS = 12 * 3_600_000;

/** The outbox events still within the retention (see OUTBOX_RETENTION_MS). */
export function withinOutboxRetention(outbox: readonly LifecycleEvent[], now: string): LifecycleEvent[] {
  const horizon = Date.parse(now) - OUTBOX_RETENTION_MS;
  return outbox.filter((e) => Date.parse(e.time) >= horizon);
}
