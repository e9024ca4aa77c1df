// The agent's side: the queues, a ticket, and the actions on it (what agents see of them: staff-views.ts).
import { createHash } from 'node:crypto';
import { requireAccess, visibleDepartmentIds } from '../domain/access';
import { invalid } from '../domain/errors';
import { addInternalNote, replyToCustomer, updateTicket, type TicketChanges } from '../domain/lifecycle';
import type { QueueName, Status, Ticket, Versioned } from '../domain/model';
import type { TicketSummary } from '../domain/queues';
import type { Actor } from './actor';
import { downloadFrom, NO_FILES, type Download, type PreparedFiles } from './attachments';
import type { AppDeps } from './deps';
import { actionContext } from './customer-tickets';
import { withNames } from './staff-views';
import { readTicket, writeTicket, type TicketUpdate } from './ticket-writes';

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

/** What an agent's action on a ticket uses: one conditional write. */
export type StaffActionDeps = Pick<AppDeps, 'clock' | 'newId' | 'tickets'>;

export interface QueueRequest {
  queue: QueueName;
  department?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export async function listQueue(deps: Pick<AppDeps, 'clock' | 'tickets'>, actor: Actor, req: QueueRequest) {
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

export async function readStaffTicket(deps: Pick<AppDeps, 'tickets'>, actor: Actor, number: string): Promise<Versioned<Ticket>> {
  const found = await readTicket(deps.tickets, number);
  requireAccess(actor.agent, found.value.departmentId, actor.directory);
  return found;
}

/** Every staff action: one conditional write; its events leave through the change feed. */
async function act(deps: Pick<AppDeps, 'tickets'>, number: string, update: TicketUpdate, ifMatch?: string): Promise<Versioned<Ticket>> {
  return writeTicket(deps.tickets, number, update, ifMatch);
}

export function changeTicket(deps: StaffActionDeps, actor: Actor, number: string, changes: TicketChanges, ifMatch?: string) {
  return act(deps, number, (t) => updateTicket(t, changes, actor.agent, actor.directory, actionContext(deps)), ifMatch);
}

/**
 * An entry with files: the action is tried on the ticket as it is first, so one that would be
 * refused (no permission, ticket full) stores no files; then the files, then the write.
 */
async function actWithFiles(deps: Pick<AppDeps, 'tickets'>, actor: Actor, number: string, files: PreparedFiles, action: (t: Ticket) => Ticket, ifMatch?: string) {
  if (files.refs.length > 0) {
    action((await readStaffTicket(deps, actor, number)).value);
    await files.store();
  }
  return act(deps, number, (t) => ({ ticket: action(t), changed: true }), ifMatch);
}

export function replyToTicket(deps: StaffActionDeps, actor: Actor, number: string, cmd: { message: string; status?: Status }, ifMatch?: string, files: PreparedFiles = NO_FILES) {
  const ctx = actionContext(deps);
  const reply = (t: Ticket) => replyToCustomer(t, { ...cmd, attachments: files.refs }, actor.agent, actor.directory, ctx);
  return actWithFiles(deps, actor, number, files, reply, ifMatch);
}

export function noteOnTicket(deps: StaffActionDeps, actor: Actor, number: string, message: string, ifMatch?: string, files: PreparedFiles = NO_FILES) {
  const ctx = actionContext(deps);
  const note = (t: Ticket) => addInternalNote(t, message, actor.agent, actor.directory, ctx, files.refs);
  return actWithFiles(deps, actor, number, files, note, ifMatch);
}

/** A file of a ticket the agent may see, from any entry (internal notes included). */
export async function downloadStaffAttachment(deps: Pick<AppDeps, 'attachments' | 'tickets'>, actor: Actor, number: string, attachmentId: string): Promise<Download> {
  const { value: ticket } = await readStaffTicket(deps, actor, number);
  return downloadFrom(deps, ticket.thread, number, attachmentId);
}
