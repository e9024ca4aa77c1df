// The rules of fetching a mailbox (issue 24), apart from any IMAP or store: what a run does with
// each waiting message, and how the mailbox's fetch status follows. Pure: the status in, the
// status out, so concurrent runs can re-apply their changes onto the latest stored status.
import type { Mailbox, MailboxStatus } from './model';

/** Where taken messages go, so a later run never takes them again. */
export const PROCESSED_FOLDER = 'helpdesk-processed';
/** Where a message goes that failed MAX_FETCH_ATTEMPTS times: an operator looks at it there. */
export const FAILED_FOLDER = 'helpdesk-failed';
/** How often a message may fail before it is moved to the failed folder. */
export const MAX_FETCH_ATTEMPTS = 3;
/** Messages one run takes from one mailbox; more wait for the next run (a function's time is bounded). */
export const MESSAGES_PER_RUN = 25;
/**
 * How long a message may stay in the inbox claimed by another run before this run finishes its
 * work: a live run moves it within seconds; one that died half-way never will. Finishing is
 * safe because the e-mail intake is idempotent on the message (same ticket, no second append).
 */
export const CLAIM_STALE_AFTER_MS = 5 * 60_000;
/** Kept in the status so it stays small. */
const MAX_ERROR_CHARS = 300;

export function emptyMailboxStatus(mailboxId: string): MailboxStatus {
  return { kind: 'mailboxStatus', id: mailboxId, name: mailboxId, lastFetchAt: null, lastSuccessAt: null, taken: 0, failed: 0, lastError: null, retrying: [], claimedSince: [] };
}

/** The IMAP mailboxes a run fetches: active ones read over IMAP (Graph is fetched elsewhere). */
export function imapMailboxes(mailboxes: readonly Mailbox[]): (Mailbox & { fetch: Extract<Mailbox['fetch'], { method: 'imap' }> })[] {
  return mailboxes.filter((m): m is Mailbox & { fetch: Extract<Mailbox['fetch'], { method: 'imap' }> } => m.active && m.fetch.method === 'imap');
}

/** The Graph mailboxes: active ones read through Microsoft Graph (issue 25), notified rather than polled. */
export function graphMailboxes(mailboxes: readonly Mailbox[]): Mailbox[] {
  return mailboxes.filter((m) => m.active && m.fetch.method === 'graph');
}

/** The claim on one message of one mailbox: taken by one run only, also across instances. */
export function messageClaimKey(mailboxId: string, messageKey: string): string {
  return `mailbox:${mailboxId}:${messageKey}`;
}

const short = (message: string) => (message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS - 1)}…` : message);
const without = <T extends { key: string }>(list: T[], key: string) => list.filter((e) => e.key !== key);

export type StatusChange = (status: MailboxStatus) => MailboxStatus;

/** The message went through the intake and was moved to the processed folder. */
export function taken(key: string): StatusChange {
  return (s) => ({ ...s, taken: s.taken + 1, retrying: without(s.retrying, key), claimedSince: without(s.claimedSince, key) });
}

/** How often the message has failed so far, this failure included. */
export function attemptsAfterFailure(status: MailboxStatus, key: string): number {
  return (status.retrying.find((r) => r.key === key)?.attempts ?? 0) + 1;
}

/** The message failed; it is tried again next run unless this was its last attempt. */
export function failedAttempt(key: string, error: string, at: string): StatusChange {
  return (s) => {
    const attempts = attemptsAfterFailure(s, key);
    return { ...s, retrying: [...without(s.retrying, key), { key, attempts, lastError: short(error) }], lastError: { at, message: short(`a message failed (attempt ${attempts} of ${MAX_FETCH_ATTEMPTS}): ${error}`) } };
  };
}

/** The message failed for the last time and was moved to the failed folder. */
export function gaveUp(key: string, error: string, at: string): StatusChange {
  return (s) => ({
    ...s,
    failed: s.failed + 1,
    retrying: without(s.retrying, key),
    claimedSince: without(s.claimedSince, key),
    lastError: { at, message: short(`a message failed ${MAX_FETCH_ATTEMPTS} times and was moved to ${FAILED_FOLDER}: ${error}`) },
  });
}

/**
 * Another run holds the claim on a message still in the inbox. True when it has held it for
 * longer than CLAIM_STALE_AFTER_MS since a run first saw it, so this run finishes the work.
 */
export function claimIsStale(status: MailboxStatus, key: string, now: Date, staleAfterMs = CLAIM_STALE_AFTER_MS): boolean {
  const since = status.claimedSince.find((c) => c.key === key)?.since;
  return since !== undefined && now.getTime() - Date.parse(since) >= staleAfterMs;
}

/** Remembers when a run first saw the message claimed by another (kept if already known). */
export function seenClaimed(key: string, at: string): StatusChange {
  return (s) => (s.claimedSince.some((c) => c.key === key) ? s : { ...s, claimedSince: [...s.claimedSince, { key, since: at }] });
}

/**
 * The end of a run. `error`: why the mailbox could not be read (no secret, no connection); a run
 * that read it and took every message clears an older error. Entries of messages no longer in the
 * inbox (moved by hand, or by another run) are dropped, so the status stays small.
 */
export function runEnded(at: string, outcome: { error: string | null; clean: boolean; waiting: readonly string[] | null }): StatusChange {
  return (s) => {
    const still = outcome.waiting && new Set(outcome.waiting);
    return {
      ...s,
      lastFetchAt: at,
      lastSuccessAt: outcome.error === null ? at : s.lastSuccessAt,
      lastError: outcome.error !== null ? { at, message: short(outcome.error) } : outcome.clean ? null : s.lastError,
      retrying: still ? s.retrying.filter((r) => still.has(r.key)) : s.retrying,
      claimedSince: still ? s.claimedSince.filter((c) => still.has(c.key)) : s.claimedSince,
    };
  };
}
