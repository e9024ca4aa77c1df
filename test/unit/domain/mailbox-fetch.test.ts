// The pure rules of fetching a mailbox (issue 24): which mailboxes a run reads, and how the fetch
// status follows taken, failing and claimed messages.
import {
  CLAIM_STALE_AFTER_MS,
  FAILED_FOLDER,
  MAX_FETCH_ATTEMPTS,
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
} from '../../../shared/domain/mailbox-fetch';
import type { Mailbox } from '../../../shared/domain/model';

const at = '2026-12-02T10:00:00.000Z';
const apply = (...changes: StatusChange[]) => changes.reduce((s, c) => c(s), emptyMailboxStatus('support'));

const mailbox = (id: string, over: Partial<Mailbox> = {}): Mailbox => ({
  kind: 'mailbox',
  id,
  name: id,
  address: `${id}@example.com`,
  topicId: 'other',
  active: true,
  fetch: { method: 'imap', host: 'imap.example.com', port: 993, tls: true, username: id, secretRef: `${id}-imap` },
  ...over,
});

test('a run reads the active IMAP mailboxes only', () => {
  const all = [mailbox('a'), mailbox('off', { active: false }), mailbox('graph', { fetch: { method: 'graph' } })];
  expect(imapMailboxes(all).map((m) => m.id)).toEqual(['a']);
});

test('the claim is per mailbox and message', () => {
  expect(messageClaimKey('support', 'abc')).toBe('mailbox:support:abc');
  expect(messageClaimKey('sales', 'abc')).not.toBe(messageClaimKey('support', 'abc'));
});

test('a failing message is counted per attempt and, at the last one, given up: failed once, no longer retried', () => {
  const once = apply(failedAttempt('m1', 'no sender', at));
  expect(once.retrying).toEqual([{ key: 'm1', attempts: 1, lastError: 'no sender' }]);
  expect(once.lastError).toEqual({ at, message: `a message failed (attempt 1 of ${MAX_FETCH_ATTEMPTS}): no sender` });
  const twice = failedAttempt('m1', 'no sender', at)(once);
  expect(attemptsAfterFailure(twice, 'm1')).toBe(3);
  expect(attemptsAfterFailure(twice, 'other')).toBe(1);
  const given = gaveUp('m1', 'no sender', at)(twice);
  expect(given).toMatchObject({ failed: 1, taken: 0, retrying: [] });
  expect(given.lastError?.message).toBe(`a message failed ${MAX_FETCH_ATTEMPTS} times and was moved to ${FAILED_FOLDER}: no sender`);
});

test('a message taken after failing is no longer retried, and is counted', () => {
  expect(apply(failedAttempt('m1', 'store busy', at), taken('m1'))).toMatchObject({ taken: 1, retrying: [] });
});

test('a claim is stale only after it has been seen held for the stale time', () => {
  const now = new Date(at);
  const seen = apply(seenClaimed('m1', at));
  expect(claimIsStale(emptyMailboxStatus('x'), 'm1', now)).toBe(false); // never seen before
  expect(claimIsStale(seen, 'm1', new Date(now.getTime() + CLAIM_STALE_AFTER_MS - 1))).toBe(false);
  expect(claimIsStale(seen, 'm1', new Date(now.getTime() + CLAIM_STALE_AFTER_MS))).toBe(true);
  // Seeing it again keeps the first time.
  expect(seenClaimed('m1', '2026-12-02T11:00:00.000Z')(seen).claimedSince).toEqual([{ key: 'm1', since: at }]);
});

test('the end of a run records the fetch, clears an old error only when clean, and forgets messages no longer waiting', () => {
  const failing = apply(failedAttempt('gone', 'x', at), failedAttempt('still', 'y', at), seenClaimed('gone2', at));
  const later = '2026-12-02T10:01:00.000Z';
  const clean = runEnded(later, { error: null, clean: true, waiting: ['still'] })(failing);
  expect(clean).toMatchObject({ lastFetchAt: later, lastSuccessAt: later, lastError: null, claimedSince: [] });
  expect(clean.retrying.map((r) => r.key)).toEqual(['still']);
  // A run that did not see the whole inbox forgets nothing; one with failures keeps the error.
  expect(runEnded(later, { error: null, clean: false, waiting: null })(failing)).toMatchObject({ lastError: failing.lastError, retrying: failing.retrying });
  // A run that could not read the mailbox keeps the last success.
  const down = runEnded('2026-12-02T10:02:00.000Z', { error: 'IMAP imap.example.com:993: connection refused', clean: true, waiting: null })(clean);
  expect(down).toMatchObject({ lastSuccessAt: later, lastError: { at: '2026-12-02T10:02:00.000Z', message: 'IMAP imap.example.com:993: connection refused' } });
});

test('errors are kept short in the status', () => {
  expect(apply(failedAttempt('m', 'x'.repeat(1000), at)).retrying[0]!.lastError.length).toBeLessThanOrEqual(300);
});
