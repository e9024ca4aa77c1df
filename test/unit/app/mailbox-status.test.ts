// What the admin API shows of a mailbox's fetch status, and that it goes with the mailbox (issue 24).
import { forgetFetchStatus, withFetchStatus } from '../../../shared/app/mailbox-fetch';
import { emptyMailboxStatus, failedAttempt, taken } from '../../../shared/domain/mailbox-fetch';
import type { Mailbox, MailboxStatus } from '../../../shared/domain/model';
import { MemoryDirectory } from '../../support/in-memory';

const mailbox: Mailbox = {
  kind: 'mailbox',
  id: 'support',
  name: 'Support',
  address: 'support@example.com',
  topicId: 'other',
  active: true,
  fetch: { method: 'imap', host: 'imap.example.com', port: 993, tls: true, username: 'support', secretRef: 'support-imap' },
};

test('before the first fetch the status is null; after, counts and the last error, never the messages it is retrying', async () => {
  const directory = new MemoryDirectory([mailbox]);
  expect(await withFetchStatus({ directory }, [mailbox])).toEqual([{ ...mailbox, status: null }]);
  const at = '2026-12-02T10:00:00.000Z';
  const start: MailboxStatus = { ...emptyMailboxStatus('support'), lastFetchAt: at };
  const status = [taken('a'), failedAttempt('<private@example.org>', 'no sender', at)].reduce((s, c) => c(s), start);
  await directory.createIfAbsent(status);
  const [shown] = await withFetchStatus({ directory }, [mailbox]);
  expect(shown!.status).toEqual({ lastFetchAt: at, lastSuccessAt: null, taken: 1, failed: 0, retrying: 1, lastError: { at, message: 'a message failed (attempt 1 of 3): no sender' }, subscription: null });
  expect(JSON.stringify(shown)).not.toContain('private@example.org');
});

test('deleting the mailbox forgets its status, so a new one of the same id starts afresh', async () => {
  const directory = new MemoryDirectory([mailbox]);
  await directory.createIfAbsent({ ...emptyMailboxStatus('support'), taken: 7 });
  await forgetFetchStatus({ directory }, 'support');
  expect(await directory.get('mailboxStatus', 'support')).toBeNull();
  await forgetFetchStatus({ directory }, 'support'); // nothing to forget: no error
});
