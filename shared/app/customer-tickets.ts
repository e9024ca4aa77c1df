// The customer's side: open a ticket (exactly once per Idempotency-Key), read it, reply to it.
import { createHash, randomInt } from 'node:crypto';
import { hashSecret, matchesHash, newAccessToken } from '../auth/customer-token';
import { DomainError, notFound } from '../domain/errors';
import { customerReply, openTicket, publicThread, type ActionContext } from '../domain/lifecycle';
import type { Customer, Ticket, Versioned } from '../domain/model';
import type { IdempotencyRecord } from '../domain/ports';
import type { AppDeps } from './deps';
import { publishAfterWrite } from './event-publishing';
import { writeTicket } from './ticket-writes';

export interface NewTicketRequest {
  customer: Customer;
  topicId: string;
  subject: string;
  message: string;
  priority?: Ticket['priority'];
  source: Ticket['source'];
  /** False: no auto-response for this ticket (the osTicket API's `autorespond`). */
  autoRespond?: boolean;
}

export interface OpenedTicket {
  ticket: Ticket;
  saved: Versioned<Ticket>;
  accessToken: string;
  /** False when an earlier request with the same Idempotency-Key already created it. */
  created: boolean;
}

const MAX_NUMBER_ATTEMPTS = 20;

/** Six digits like osTicket's: random, so no central counter; a collision is retried. */
export function newTicketNumber(): string {
  return String(randomInt(100_000, 1_000_000));
}

export function actionContext(deps: AppDeps): ActionContext {
  return { now: deps.clock.now().toISOString(), newId: deps.newId };
}

async function createWithNumber(deps: AppDeps, req: NewTicketRequest, number: string, token: string, keyHash: string | null) {
  const directory = await deps.directory.load();
  const ticket = openTicket(
    { ...req, number, accessToken: token, accessTokenHash: hashSecret(token), idempotencyKeyHash: keyHash },
    directory,
    actionContext(deps),
  );
  return deps.tickets.create(ticket);
}

const isConflict = (err: unknown) => err instanceof DomainError && err.code === 'conflict';

async function openWithoutKey(deps: AppDeps, req: NewTicketRequest): Promise<OpenedTicket> {
  for (let attempt = 1; attempt <= MAX_NUMBER_ATTEMPTS; attempt++) {
    const token = newAccessToken();
    try {
      const saved = await createWithNumber(deps, req, newTicketNumber(), token, null);
      return { ticket: saved.value, saved, accessToken: token, created: true };
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
  throw new DomainError('unavailable', 'Could not find a free ticket number; try again');
}

/**
 * With an Idempotency-Key, a record keyed by its hash is written first and names the ticket
 * number and token; then the ticket is created under that number. A retry (or a concurrent twin)
 * finds the record and either creates the same ticket or finds it created: never a second one.
 */
async function openWithKey(deps: AppDeps, req: NewTicketRequest, key: string): Promise<OpenedTicket> {
  const keyHash = hashSecret(`idempotency:${key}`);
  const requestHash = createHash('sha256').update(JSON.stringify(req)).digest('hex');
  for (let attempt = 1; attempt <= MAX_NUMBER_ATTEMPTS; attempt++) {
    let record: Versioned<IdempotencyRecord> | null = await deps.idempotency.get(keyHash);
    if (!record) {
      try {
        record = await deps.idempotency.create({
          keyHash,
          requestHash,
          ticketNumber: newTicketNumber(),
          accessToken: newAccessToken(),
          createdAt: deps.clock.now().toISOString(),
        });
      } catch (err) {
        if (isConflict(err)) continue; // a twin request wrote it first: use theirs
        throw err;
      }
    }
    const { value: rec, etag } = record;
    if (rec.requestHash !== requestHash) {
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used for a different ticket; use a new key for a new ticket');
    }
    try {
      const saved = await createWithNumber(deps, req, rec.ticketNumber, rec.accessToken, keyHash);
      return { ticket: saved.value, saved, accessToken: rec.accessToken, created: true };
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    const existing = await deps.tickets.get(rec.ticketNumber);
    if (existing && existing.value.idempotencyKeyHash === keyHash) {
      return { ticket: existing.value, saved: existing, accessToken: rec.accessToken, created: false };
    }
    // The number belongs to someone else's ticket: move the record to a fresh number.
    try {
      await deps.idempotency.replace({ ...rec, ticketNumber: newTicketNumber() }, etag);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'precondition_failed')) throw err;
    }
  }
  throw new DomainError('unavailable', 'Could not find a free ticket number; try again');
}

export async function openCustomerTicket(deps: AppDeps, req: NewTicketRequest, idempotencyKey?: string): Promise<OpenedTicket> {
  const opened = idempotencyKey ? await openWithKey(deps, req, idempotencyKey) : await openWithoutKey(deps, req);
  const saved = await publishAfterWrite(deps, opened.saved);
  return { ...opened, saved, ticket: saved.value };
}

/** The ticket, if the token opens it. A wrong token looks like no ticket, so numbers cannot be probed. */
async function authorizedTicket(deps: AppDeps, number: string, token: string): Promise<Versioned<Ticket>> {
  const found = await deps.tickets.get(number);
  if (!found || !matchesHash(token, found.value.accessTokenHash)) {
    throw notFound(`There is no ticket #${number} for this access token`);
  }
  return found;
}

export interface CustomerTicketView {
  number: string;
  subject: string;
  status: Ticket['status'];
  priority: Ticket['priority'];
  topicId: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string | null;
  customer: Customer;
  thread: { id: string; type: 'message' | 'response'; author: { type: string; name: string }; createdAt: string; body: string }[];
}

export function customerView(ticket: Ticket): CustomerTicketView {
  return {
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    topicId: ticket.topicId,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    dueAt: ticket.dueAt,
    customer: ticket.customer,
    thread: publicThread(ticket.thread).map((e) => ({
      id: e.id,
      type: e.type as 'message' | 'response',
      // Agents appear by name only; their ids and e-mails stay inside.
      author: { type: e.author.type, name: e.author.name },
      createdAt: e.createdAt,
      body: e.body,
    })),
  };
}

export async function readCustomerTicket(deps: AppDeps, number: string, token: string): Promise<CustomerTicketView> {
  return customerView((await authorizedTicket(deps, number, token)).value);
}

export async function addCustomerMessage(deps: AppDeps, number: string, token: string, message: string): Promise<CustomerTicketView> {
  await authorizedTicket(deps, number, token);
  const directory = await deps.directory.load();
  const saved = await writeTicket(deps.tickets, number, (t) => ({
    ticket: customerReply(t, message, directory, actionContext(deps)),
    changed: true,
  }));
  return customerView((await publishAfterWrite(deps, saved)).value);
}
