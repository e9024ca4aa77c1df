// The agent's side: who am I, the directory, the queues, a ticket, and the actions on it.
import { createHash } from 'node:crypto';
import { departmentAccess, requireAccess, visibleDepartmentIds } from '../domain/access';
import { forbidden, invalid } from '../domain/errors';
import { addInternalNote, replyToCustomer, updateTicket, type TicketChanges } from '../domain/lifecycle';
import { PRIORITIES, PRIORITY_LABELS, type Agent, type Directory, type Status, type Ticket, type Versioned } from '../domain/model';
import type { QueueName } from '../domain/model';
import type { TicketSummary } from '../domain/queues';
import { slaStanding } from '../domain/sla';
import { attachmentViews, downloadFrom, NO_FILES, type Download, type PreparedFiles } from './attachments';
import type { AppDeps } from './deps';
import { actionContext } from './customer-tickets';
import { readTicket, writeTicket, type TicketUpdate } from './ticket-writes';

export interface Actor {
  agent: Agent;
  directory: Directory;
}

/** Bearer token -> principal -> agent: by Entra object id, then by e-mail on the first sign-in. */
export { authenticateAgent } from './sign-in';

export function requireAdmin({ agent }: Actor): void {
  if (!agent.isAdmin) throw forbidden(`${agent.name} is not an administrator`);
}

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
function withNames<T extends Pick<Ticket, 'departmentId' | 'assigneeId' | 'slaPlanId' | 'topicId'>>(t: T, d: Directory) {
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

// ------------------------------------------------------------------ queues

interface CursorState {
  continuation: string;
  fingerprint: string;
  now: string;
}

function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function decodeCursor(cursor: string, expected: string): CursorState {
  let state: CursorState;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
  } catch {
    throw invalid('The cursor is not valid; start again from the first page', [{ path: 'cursor', message: 'not a cursor from this API' }]);
  }
  if (typeof state.continuation !== 'string' || state.fingerprint !== expected || typeof state.now !== 'string') {
    throw invalid('The cursor belongs to another queue or filter; start again from the first page', [{ path: 'cursor', message: 'does not match this query' }]);
  }
  return state;
}

export interface QueueRequest {
  queue: QueueName;
  department?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export async function listQueue(deps: AppDeps, actor: Actor, req: QueueRequest) {
  const { agent, directory } = actor;
  let departmentIds = visibleDepartmentIds(agent, directory);
  if (req.department !== undefined) {
    requireAccess(agent, req.department, directory);
    departmentIds = [req.department];
  }
  const print = fingerprint([req.queue, departmentIds, req.q ?? null, agent.id, req.limit]);
  const state = req.cursor ? decodeCursor(req.cursor, print) : null;
  const now = state?.now ?? deps.clock.now().toISOString();
  const page = await deps.tickets.queue({
    queue: req.queue,
    agentId: agent.id,
    departmentIds,
    now,
    limit: req.limit,
    ...(req.q ? { text: req.q } : {}),
    ...(state ? { continuation: state.continuation } : {}),
  });
  const nextCursor = page.continuation
    ? Buffer.from(JSON.stringify({ continuation: page.continuation, fingerprint: print, now } satisfies CursorState)).toString('base64url')
    : null;
  return {
    queue: req.queue,
    items: page.items.map((t: TicketSummary) => withNames(t, directory)),
    nextCursor,
  };
}

// ------------------------------------------------------------------ one ticket

export async function readStaffTicket(deps: AppDeps, actor: Actor, number: string): Promise<Versioned<Ticket>> {
  const found = await readTicket(deps.tickets, number);
  requireAccess(actor.agent, found.value.departmentId, actor.directory);
  return found;
}

/** Every staff action: one conditional write; its events leave through the change feed. */
async function act(deps: AppDeps, number: string, update: TicketUpdate, ifMatch?: string): Promise<Versioned<Ticket>> {
  return writeTicket(deps.tickets, number, update, ifMatch);
}

export function changeTicket(deps: AppDeps, actor: Actor, number: string, changes: TicketChanges, ifMatch?: string) {
  return act(deps, number, (t) => updateTicket(t, changes, actor.agent, actor.directory, actionContext(deps)), ifMatch);
}

/**
 * An entry with files: the action is tried on the ticket as it is first, so one that would be
 * refused (no permission, ticket full) stores no files; then the files, then the write.
 */
async function actWithFiles(deps: AppDeps, actor: Actor, number: string, files: PreparedFiles, action: (t: Ticket) => Ticket, ifMatch?: string) {
  if (files.refs.length > 0) {
    action((await readStaffTicket(deps, actor, number)).value);
    await files.store();
  }
  return act(deps, number, (t) => ({ ticket: action(t), changed: true }), ifMatch);
}

export function replyToTicket(deps: AppDeps, actor: Actor, number: string, cmd: { message: string; status?: Status }, ifMatch?: string, files: PreparedFiles = NO_FILES) {
  const ctx = actionContext(deps);
  const reply = (t: Ticket) => replyToCustomer(t, { ...cmd, attachments: files.refs }, actor.agent, actor.directory, ctx);
  return actWithFiles(deps, actor, number, files, reply, ifMatch);
}

export function noteOnTicket(deps: AppDeps, actor: Actor, number: string, message: string, ifMatch?: string, files: PreparedFiles = NO_FILES) {
  const ctx = actionContext(deps);
  const note = (t: Ticket) => addInternalNote(t, message, actor.agent, actor.directory, ctx, files.refs);
  return actWithFiles(deps, actor, number, files, note, ifMatch);
}

/** A file of a ticket the agent may see, from any entry (internal notes included). */
export async function downloadStaffAttachment(deps: AppDeps, actor: Actor, number: string, attachmentId: string): Promise<Download> {
  const { value: ticket } = await readStaffTicket(deps, actor, number);
  return downloadFrom(deps, ticket.thread, number, attachmentId);
}
