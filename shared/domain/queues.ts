// What each staff queue holds and how it is sorted. The store turns this into a query; the
// predicate states the same rule in plain code, for tests and for anything held in memory.
import { isPastDue } from './sla';
import { isOpenState, type QueueName, type Ticket } from './model';

export type SortField = 'lastActivityAt' | 'dueAt' | 'updatedAt';

export const QUEUE_ORDER: Readonly<Record<QueueName, { field: SortField; descending: boolean }>> = {
  open: { field: 'lastActivityAt', descending: true },
  mine: { field: 'lastActivityAt', descending: true },
  unassigned: { field: 'lastActivityAt', descending: true },
  answered: { field: 'lastActivityAt', descending: true },
  overdue: { field: 'dueAt', descending: false },
  pending: { field: 'lastActivityAt', descending: true },
  closed: { field: 'updatedAt', descending: true },
};

type QueueFields = Pick<Ticket, 'status' | 'assigneeId' | 'answered' | 'overdue' | 'dueAt'>;

/**
 * `open` holds every open ticket; `answered` the open ones an agent has answered; `overdue` the
 * open ones flagged overdue or already past due (so the queue is right even before the SLA timer
 * fires); `pending` the tickets waiting on the customer, which no other queue but `mine` holds
 * (their clocks are stopped: they are not work to pick up, but an agent keeps sight of their own);
 * `closed` holds resolved and closed tickets (osTicket's closed state).
 */
export function inQueue(ticket: QueueFields, queue: QueueName, agentId: string, now: string): boolean {
  const open = ticket.status === 'open';
  switch (queue) {
    case 'open':
      return open;
    case 'mine':
      return isOpenState(ticket.status) && ticket.assigneeId === agentId;
    case 'unassigned':
      return open && ticket.assigneeId === null;
    case 'answered':
      return open && ticket.answered;
    case 'overdue':
      return open && (ticket.overdue || isPastDue(ticket.dueAt, now));
    case 'pending':
      return ticket.status === 'pending';
    case 'closed':
      return !isOpenState(ticket.status);
  }
}

export interface QueueQuery {
  queue: QueueName;
  agentId: string;
  /** The departments to look in: those the agent may see, narrowed by an optional filter. */
  departmentIds: string[];
  /** Case-insensitive text in the subject or the customer's e-mail, or a ticket number. */
  text?: string;
  now: string;
  limit: number;
  /** The store's own continuation token for the next page. */
  continuation?: string;
}

export type TicketSummary = Pick<
  Ticket,
  | 'number'
  | 'subject'
  | 'customer'
  | 'departmentId'
  | 'topicId'
  | 'priority'
  | 'slaPlanId'
  | 'assigneeId'
  | 'status'
  | 'answered'
  | 'overdue'
  | 'dueAt'
  | 'createdAt'
  | 'updatedAt'
  | 'lastActivityAt'
>;

export interface Page<T> {
  items: T[];
  continuation: string | null;
}
