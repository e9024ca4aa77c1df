// Fetching the help desk's own mailboxes (issue 24): each run opens every active IMAP mailbox,
// takes what waits in its inbox through the e-mail intake, moves each message to the processed
// folder, and closes the connection (an idle help desk holds nothing open). A message is claimed
// before it is taken, so two runs at once take it once; one that keeps failing is moved to the
// failed folder after MAX_FETCH_ATTEMPTS tries; the mailbox's status records what happened.
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import type { InboundEmail } from '../domain/inbound-email';
import {
  FAILED_FOLDER,
  MAX_FETCH_ATTEMPTS,
  MESSAGES_PER_RUN,
  PROCESSED_FOLDER,
  attemptsAfterFailure,
  claimIsStale,
  emptyMailboxStatus,
  failedAttempt,
  gaveUp,
  imapMailboxes,
  messageClaimKey,
  runEnded,
  seenClaimed,
  taken,
  type StatusChange,
} from '../domain/mailbox-fetch';
import type { Mailbox, MailboxStatus } from '../domain/model';
import type { MailboxConnection, MailboxReader, SecretReader, WaitingMail } from '../domain/ports';
import type { AppDeps } from './deps';
import type { EmailIntakeResult } from './email-intake';

/** The e-mail intake as a fetch run uses it. */
export interface MailboxIntake {
  /** Reads the raw e-mail; throws for one that cannot be read. */
  parse(raw: Buffer): Promise<InboundEmail>;
  /** One e-mail through the e-mail intake, new tickets in the mailbox's topic. */
  receive(mail: InboundEmail, mailbox: Mailbox): Promise<EmailIntakeResult>;
}

/** What taking mail from any mailbox needs, IMAP or Graph. */
export type MailboxFetchDeps = Pick<AppDeps, 'directory' | 'claims' | 'clock' | 'log'> & {
  intake: MailboxIntake;
  /** The largest e-mail taken (the inbound webhook's limit); a larger one goes to the failed folder unread. */
  maxBytes: number;
  /** CLAIM_STALE_AFTER_MS unless a test says otherwise. */
  claimStaleAfterMs?: number;
};

/** An IMAP run also opens the connections, with the password its secret holds. */
export type ImapFetchDeps = MailboxFetchDeps & { reader: MailboxReader; secrets: SecretReader };

export interface MailboxRunReport {
  mailboxId: string;
  taken: number;
  failed: number;
  /** Failed this run, to be tried again. */
  retrying: number;
  /** Claimed by another run and left to it. */
  leftToOthers: number;
  /** Why the mailbox could not be read, or null. */
  error: string | null;
}


/** A store or server that cannot be reached now: the run stops and nothing counts as an attempt. */
const isOutage = (err: unknown) => err instanceof DomainError && err.code === 'unavailable';
const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** What identifies a message across runs and instances: its Message-ID, else a hash of its bytes. */
function messageKey(mail: InboundEmail): string {
  return createHash('sha256').update(mail.messageId ?? `sha256:${mail.fingerprint}`).digest('hex');
}

/** One run over every active IMAP mailbox, one after the other. */
export async function fetchMailboxes(deps: ImapFetchDeps): Promise<MailboxRunReport[]> {
  const reports: MailboxRunReport[] = [];
  for (const mailbox of imapMailboxes((await deps.directory.load()).mailboxes)) reports.push(await fetchImapMailbox(deps, mailbox));
  return reports;
}

/** One IMAP mailbox, logged in with the password its secret holds. */
export function fetchImapMailbox(deps: ImapFetchDeps, mailbox: ReturnType<typeof imapMailboxes>[number]): Promise<MailboxRunReport> {
  const { host, port, tls, username, secretRef } = mailbox.fetch;
  return fetchMailbox(deps, mailbox, async () => deps.reader.open({ host, port, tls, username }, await deps.secrets.read(secretRef)));
}

/** Applies changes onto the stored status, again on a newer one when another run wrote meanwhile. */
export async function saveStatus(deps: Pick<AppDeps, 'directory'>, mailboxId: string, changes: readonly StatusChange[]): Promise<void> {
  const apply = (s: MailboxStatus) => changes.reduce((acc, change) => change(acc), s);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const stored = await deps.directory.get('mailboxStatus', mailboxId);
    try {
      if (!stored) {
        if (await deps.directory.createIfAbsent(apply(emptyMailboxStatus(mailboxId)))) return;
      } else {
        return await deps.directory.replace(apply(stored.value), stored.etag);
      }
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'precondition_failed')) throw err;
    }
  }
  throw new DomainError('unavailable', `The status of mailbox ${mailboxId} kept changing under this run; it is written again next run`);
}

/**
 * One mailbox: open, take what waits, close. Never throws: what went wrong is in the report and
 * the status. `open`: the connection, over IMAP or Graph (a Graph notification's opens only the
 * message it names).
 */
export async function fetchMailbox(deps: MailboxFetchDeps, mailbox: Mailbox, open: () => Promise<MailboxConnection>): Promise<MailboxRunReport> {
  const report: MailboxRunReport = { mailboxId: mailbox.id, taken: 0, failed: 0, retrying: 0, leftToOthers: 0, error: null };
  const changes: StatusChange[] = [];
  // Decisions (attempts so far, claims seen before) read the stored status with this run's changes on it.
  const initial = (await deps.directory.get('mailboxStatus', mailbox.id).catch(() => null))?.value ?? emptyMailboxStatus(mailbox.id);
  const current = () => changes.reduce((acc, change) => change(acc), initial);
  const record = (change: StatusChange) => void changes.push(change);
  let connection: MailboxConnection | null = null;
  let waiting: string[] | null = null;
  try {
    connection = await open();
    const inbox = await connection.waiting(MESSAGES_PER_RUN, deps.maxBytes);
    const keys: string[] = [];
    for (const message of inbox.messages) {
      const key = await takeOne(deps, mailbox, connection, message, current, record, report);
      if (key) keys.push(key);
    }
    // Only a run that saw the whole inbox may drop entries of messages no longer there.
    waiting = inbox.more ? null : keys;
  } catch (err) {
    report.error = describe(err);
    deps.log.warn(`Mailbox '${mailbox.id}' (${mailbox.address}): ${report.error}`);
  } finally {
    await connection?.close().catch(() => undefined);
  }
  record(runEnded(deps.clock.now().toISOString(), { error: report.error, clean: report.failed + report.retrying === 0, waiting }));
  try {
    await saveStatus(deps, mailbox.id, changes);
  } catch (err) {
    deps.log.error(`Mailbox '${mailbox.id}': its fetch status could not be written`, err);
  }
  return report;
}

/**
 * One waiting message; answers its key (null when it could not be read at all). Throws only
 * what ends the run: an outage, or a move that failed (the connection is likely gone).
 */
async function takeOne(
  deps: MailboxFetchDeps,
  mailbox: Mailbox,
  connection: MailboxConnection,
  message: WaitingMail,
  current: () => MailboxStatus,
  record: (change: StatusChange) => void,
  report: MailboxRunReport,
): Promise<string | null> {
  const now = deps.clock.now();
  const where = `Mailbox '${mailbox.id}', message ${message.id}`;
  if (message.raw === null) {
    // Never downloaded, so there is no Message-ID to claim: moving it is what keeps it from coming back.
    await connection.move(message.id, FAILED_FOLDER);
    const error = `${message.size} bytes, over the ${deps.maxBytes}-byte limit`;
    record(gaveUp(`id:${message.id}`, error, now.toISOString()));
    report.failed++;
    deps.log.error(`${where} moved to ${FAILED_FOLDER}: ${error}`);
    return null;
  }
  let mail: InboundEmail;
  let key: string;
  try {
    mail = await deps.intake.parse(message.raw);
    key = messageKey(mail);
  } catch (err) {
    const unreadable = createHash('sha256').update(message.raw).digest('hex');
    await failed(unreadable, err);
    return unreadable;
  }

  const claim = messageClaimKey(mailbox.id, key);
  const mine = await deps.claims.claim(claim);
  if (!mine && !claimIsStale(current(), key, now, deps.claimStaleAfterMs)) {
    // Another run has it, or had it and died before moving it: seen again after the stale time, finished here.
    record(seenClaimed(key, now.toISOString()));
    report.leftToOthers++;
    return key;
  }
  if (!mine && attemptsAfterFailure(current(), key) > MAX_FETCH_ATTEMPTS) {
    // Taken, but its move keeps failing: no more intakes (idempotent only for a day), only the failed folder.
    await failed(key, new Error('it was taken, but moving it out of the inbox failed every time'));
    return key;
  }
  let result: EmailIntakeResult;
  try {
    result = await deps.intake.receive(mail, mailbox);
  } catch (err) {
    // Our claim is given back so the next run tries again; a stale one was never ours to give.
    if (mine) await deps.claims.release(claim);
    await failed(key, err);
    return key;
  }
  // A failure from here on leaves the claim in place: the message was taken, only the move is missing.
  // It counts as an attempt, so a move that never succeeds ends in the failed folder, not in an intake every run.
  try {
    await connection.move(message.id, PROCESSED_FOLDER);
  } catch (err) {
    record(failedAttempt(key, `taken, but the move to ${PROCESSED_FOLDER} failed: ${describe(err)}`, now.toISOString()));
    throw err;
  }
  record(taken(key));
  report.taken++;
  deps.log.info(`${where} taken: ${result.action}${result.ticket ? ` #${result.ticket.number}` : ''} (${result.reason})${mine ? '' : ', finishing a run that stopped half-way'}`);
  return key;

  async function failed(failedKey: string, err: unknown): Promise<void> {
    if (isOutage(err)) throw err;
    const error = describe(err);
    const attempts = attemptsAfterFailure(current(), failedKey);
    if (attempts >= MAX_FETCH_ATTEMPTS) {
      await connection.move(message.id, FAILED_FOLDER);
      record(gaveUp(failedKey, error, now.toISOString()));
      report.failed++;
      deps.log.error(`${where} failed ${attempts} times and was moved to ${FAILED_FOLDER}: ${error}`);
    } else {
      record(failedAttempt(failedKey, error, now.toISOString()));
      report.retrying++;
      deps.log.warn(`${where} failed (attempt ${attempts} of ${MAX_FETCH_ATTEMPTS}), tried again next run: ${error}`);
    }
  }
}

/** What the admin API shows of a mailbox's fetch status: counts and the last error, never message keys. */
export interface MailboxStatusView {
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  taken: number;
  failed: number;
  /** Messages that failed and will be tried again. */
  retrying: number;
  lastError: { at: string; message: string } | null;
  /** A Graph mailbox's change-notification subscription (issue 25); null for IMAP and before the first. */
  subscription: { id: string; expiresAt: string } | null;
}

/** Each mailbox with its fetch status (null before its first fetch): one point read per mailbox. */
export async function withFetchStatus<M extends Mailbox>(deps: Pick<AppDeps, 'directory'>, mailboxes: readonly M[]): Promise<(M & { status: MailboxStatusView | null })[]> {
  return Promise.all(
    mailboxes.map(async (m) => {
      const s = (await deps.directory.get('mailboxStatus', m.id))?.value;
      return { ...m, status: s ? { lastFetchAt: s.lastFetchAt, lastSuccessAt: s.lastSuccessAt, taken: s.taken, failed: s.failed, retrying: s.retrying.length, lastError: s.lastError, subscription: s.subscription ?? null } : null };
    }),
  );
}

/** A deleted mailbox's fetch status goes with it (a new mailbox of the same id starts afresh). */
export async function forgetFetchStatus(deps: Pick<AppDeps, 'directory'>, mailboxId: string): Promise<void> {
  const stored = await deps.directory.get('mailboxStatus', mailboxId);
  if (!stored) return;
  try {
    await deps.directory.remove('mailboxStatus', mailboxId, stored.etag);
  } catch (err) {
    // A run wrote it meanwhile: the next delete of a mailbox with this id, or the next create, finds it stale anyway.
    if (!(err instanceof DomainError && (err.code === 'precondition_failed' || err.code === 'not_found'))) throw err;
  }
}
