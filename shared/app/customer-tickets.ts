// The customer's side: open a ticket (exactly once per Idempotency-Key), read it, reply to it.
import { createHash, randomInt } from 'node:crypto';
import { hashSecret, matchesHash, newAccessToken } from '../auth/customer-token';
import { banFor, ticketDenied } from '../domain/bans';
import { DomainError, notFound } from '../domain/errors';
import { customerReply, openTicket, publicThread, verifyAddress, type ActionContext } from '../domain/lifecycle';
import type { Customer, Directory, Ticket, Versioned } from '../domain/model';
import type { IdempotencyRecord } from '../domain/ports';
import { NO_FILES, attachmentViews, downloadFrom, type AttachmentView, type Download, type PreparedFiles } from './attachments';
import type { AppDeps } from './deps';
import { UNSCREENED, type IntakeScreen } from './intake-limits';
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
  /** False: no new-ticket alert to the agents (the osTicket API's `alert`). */
  alert?: boolean;
  /** Files checked and ready to store (see prepareUploads). */
  files?: PreparedFiles;
  /** True only for authentic mail from the requester's address: the ticket starts with the address proved. */
  addressVerified?: boolean;
  /** For mail: its delivery key, kept on the first message so notices answer it (In-Reply-To). */
  emailMessageId?: string;
  /** For mail fetched from one of the help desk's mailboxes: which, so notices go out from its address. */
  mailboxId?: string;
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

/** What intake uses: the tickets, the idempotency records and the 201 token's derivation. */
export type IntakeDeps = Pick<AppDeps, 'clock' | 'directory' | 'idempotency' | 'newId' | 'ticketTokens' | 'tickets'>;

/** What a customer's look at their ticket uses (a link's token may be upgraded on the way). */
export type CustomerDeps = Pick<AppDeps, 'clock' | 'newId' | 'ticketTokens' | 'tickets'>;

export function actionContext(deps: Pick<AppDeps, 'clock' | 'newId'>): ActionContext {
  return { now: deps.clock.now().toISOString(), newId: deps.newId };
}

function newTicket(deps: Pick<AppDeps, 'clock' | 'newId'>, req: NewTicketRequest, directory: Directory, number: string, token: string, keyHash: string | null): Ticket {
  const { files, ...command } = req;
  return openTicket(
    { ...command, attachments: files?.refs ?? [], number, accessTokenHash: hashSecret(token), idempotencyKeyHash: keyHash },
    directory,
    actionContext(deps),
  );
}

async function createWithNumber(deps: Pick<AppDeps, 'clock' | 'directory' | 'newId' | 'tickets'>, req: NewTicketRequest, number: string, token: string, keyHash: string | null) {
  return deps.tickets.create(newTicket(deps, req, await deps.directory.load(), number, token, keyHash));
}

/** What makes two intake requests the same: their fields, and their files by content, not by id. */
function requestFingerprint(req: NewTicketRequest): string {
  const { files, ...fields } = req;
  const contents = (files?.refs ?? []).map((r) => [r.filename, r.contentType, r.sha256]);
  return createHash('sha256').update(JSON.stringify([fields, contents])).digest('hex');
}

const isConflict = (err: unknown) => err instanceof DomainError && err.code === 'conflict';

async function openWithoutKey(deps: Pick<AppDeps, 'clock' | 'directory' | 'newId' | 'tickets'>, req: NewTicketRequest): Promise<OpenedTicket> {
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
 * number; then the ticket is created under that number. A retry (or a concurrent twin) finds the
 * record and either creates the same ticket or finds it created: never a second one. The 201
 * token is derived from the secret, the key and the number, so every retry answers the same token
 * and no record holds it in clear.
 */
async function openWithKey(deps: IntakeDeps, req: NewTicketRequest, key: string): Promise<OpenedTicket> {
  const keyHash = hashSecret(`idempotency:${key}`);
  const requestHash = requestFingerprint(req);
  for (let attempt = 1; attempt <= MAX_NUMBER_ATTEMPTS; attempt++) {
    let record: Versioned<IdempotencyRecord> | null = await deps.idempotency.get(keyHash);
    if (!record) {
      try {
        record = await deps.idempotency.create({
          keyHash,
          requestHash,
          ticketNumber: newTicketNumber(),
          createdAt: deps.clock.now().toISOString(),
        });
      } catch (err) {
        if (isConflict(err)) continue; // a twin request wrote it first: use theirs
        throw err;
      }
    }
    const { value: rec, etag } = record;
    // Records from before issue 18 hold the token in clear; keep answering it for their retries.
    const token = rec.accessToken ?? deps.ticketTokens.idempotentIntake(keyHash, rec.ticketNumber);
    if (rec.requestHash !== requestHash) {
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used for a different ticket; use a new key for a new ticket');
    }
    try {
      const saved = await createWithNumber(deps, req, rec.ticketNumber, token, keyHash);
      return { ticket: saved.value, saved, accessToken: token, created: true };
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
    const existing = await deps.tickets.get(rec.ticketNumber);
    if (existing && existing.value.idempotencyKeyHash === keyHash) {
      return { ticket: existing.value, saved: existing, accessToken: token, created: false };
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

export async function openCustomerTicket(deps: IntakeDeps, req: NewTicketRequest, idempotencyKey?: string, screen: IntakeScreen = UNSCREENED): Promise<OpenedTicket> {
  // A banned sender, then one over a limit, is refused before anything is written: no idempotency record, no file.
  if (banFor((await deps.directory.load()).bans, req.customer.email)) throw ticketDenied();
  await screen(req.customer.email);
  if (req.files?.refs.length) {
    // The rules first (a dry run under a placeholder number), so a refused ticket stores no files.
    newTicket(deps, req, await deps.directory.load(), '000000', '', null);
    await req.files.store();
  }
  // The create is the only write: its events leave through the change feed (event-publishing.ts).
  const opened = idempotencyKey ? await openWithKey(deps, req, idempotencyKey) : await openWithoutKey(deps, req);
  return { ...opened, ticket: opened.saved.value };
}

/**
 * What a customer token shows. `full`: the whole public thread (the e-mailed link's token, or the
 * 201 token once the address is proved). `own-messages`: the 201 token before that: the
 * requester's own messages and the status, never the agents' replies or their files, so whoever
 * opens a ticket in someone else's name cannot read the answers meant for them.
 */
export type CustomerAccess = 'full' | 'own-messages';

/**
 * The ticket and what the token may see of it. A wrong token looks like no ticket, so numbers
 * cannot be probed. The first use of the e-mailed link proves the address for this ticket and is
 * recorded; proof is per ticket, never per address.
 */
async function authorizedTicket(deps: CustomerDeps, number: string, token: string): Promise<{ saved: Versioned<Ticket>; access: CustomerAccess }> {
  const found = await deps.tickets.get(number);
  if (found && deps.ticketTokens.isMailLink(number, token)) {
    if (found.value.addressVerifiedAt !== null) return { saved: found, access: 'full' };
    const saved = await writeTicket(deps.tickets, number, (t) => {
      const next = verifyAddress(t, 'opened the e-mailed link', actionContext(deps));
      return next ? { ticket: next, changed: true } : { ticket: t, changed: false };
    });
    return { saved, access: 'full' };
  }
  if (!found || !matchesHash(token, found.value.accessTokenHash)) {
    throw notFound(`There is no ticket #${number} for this access token`);
  }
  return { saved: found, access: found.value.addressVerifiedAt === null ? 'own-messages' : 'full' };
}

/** The entries a customer token may see. */
function visibleThread(ticket: Ticket, access: CustomerAccess) {
  const shown = publicThread(ticket.thread);
  return access === 'full' ? shown : shown.filter((e) => e.type === 'message');
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
  /**
   * False while this token may not see the agents' replies: the requester has not yet opened a
   * link e-mailed to the address for this ticket. `repliesHidden` counts the replies held back.
   */
  addressVerified: boolean;
  repliesHidden: number;
  thread: {
    id: string;
    type: 'message' | 'response';
    author: { type: string; name: string };
    createdAt: string;
    body: string;
    attachments?: AttachmentView[];
  }[];
}

export function customerView(ticket: Ticket, access: CustomerAccess = 'full'): CustomerTicketView {
  const thread = visibleThread(ticket, access);
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
    addressVerified: access === 'full',
    repliesHidden: publicThread(ticket.thread).length - thread.length,
    thread: thread.map((e) => {
      const files = attachmentViews(e, `/api/tickets/${ticket.number}/attachments`);
      return {
        id: e.id,
        type: e.type as 'message' | 'response',
        // Agents appear by name only; their ids and e-mails stay inside.
        author: { type: e.author.type, name: e.author.name },
        createdAt: e.createdAt,
        body: e.body,
        ...(files ? { attachments: files } : {}),
      };
    }),
  };
}

export async function readCustomerTicket(deps: CustomerDeps, number: string, token: string): Promise<CustomerTicketView> {
  const { saved, access } = await authorizedTicket(deps, number, token);
  return customerView(saved.value, access);
}

export async function addCustomerMessage(deps: Pick<AppDeps, 'clock' | 'directory' | 'newId' | 'ticketTokens' | 'tickets'>, number: string, token: string, message: string, files: PreparedFiles = NO_FILES): Promise<CustomerTicketView> {
  const { saved: current, access } = await authorizedTicket(deps, number, token);
  const directory = await deps.directory.load();
  const reply = (t: Ticket) => customerReply(t, message, directory, actionContext(deps), { attachments: files.refs });
  if (files.refs.length > 0) {
    reply(current.value); // the rules (and the size limit) first, so a refused message stores no files
    await files.store();
  }
  const saved = await writeTicket(deps.tickets, number, (t) => ({ ticket: reply(t), changed: true }));
  return customerView(saved.value, access);
}

/** A file of the customer's ticket: only from what the token may see, never from internal notes. */
export async function downloadCustomerAttachment(deps: Pick<AppDeps, 'attachments' | 'clock' | 'newId' | 'ticketTokens' | 'tickets'>, number: string, token: string, attachmentId: string): Promise<Download> {
  const { saved, access } = await authorizedTicket(deps, number, token);
  return downloadFrom(deps, visibleThread(saved.value, access), number, attachmentId);
}
