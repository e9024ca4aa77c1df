// The directory's rules for mailboxes: the default topic must exist, an address belongs to one
// mailbox, a topic a mailbox files its mail under cannot be deleted, and the IMAP host must be a
// public one unless the deployment allows others.
import { checkEntry, requireDeletable, requirePublicMailHost, withEntry } from '../../../shared/domain/directory-rules';
import { DomainError } from '../../../shared/domain/errors';
import type { Mailbox } from '../../../shared/domain/model';
import { directory } from '../../support/mothers';

const support: Mailbox = {
  kind: 'mailbox',
  id: 'support',
  name: 'Support',
  address: 'support@example.com',
  topicId: 'pc-issues',
  active: true,
  fetch: { method: 'imap', host: 'imap.example.com', port: 993, tls: true, username: 'support@example.com', secretRef: 'mailbox-support-imap' },
};
const d = withEntry(directory(), support);

function refusal(fn: () => void): { code: string; message: string } | null {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, message: err.message };
    throw err;
  }
  return null;
}

test('a mailbox names a topic that exists', () => {
  const lost = { ...support, topicId: 'nope' };
  expect(refusal(() => checkEntry(lost, withEntry(d, lost)))).toEqual({ code: 'validation_failed', message: "Invalid mailbox: topicId: no help topic 'nope'" });
  expect(refusal(() => checkEntry(support, d))).toBeNull();
});

test('an address belongs to one mailbox, whatever its case', () => {
  const twin: Mailbox = { ...support, id: 'twin', name: 'Twin', address: 'SUPPORT@example.com' };
  expect(refusal(() => checkEntry(twin, withEntry(d, twin)))).toEqual({ code: 'conflict', message: 'The address SUPPORT@example.com is already used by mailbox Support (support)' });
});

test('a topic a mailbox files its mail under cannot be deleted; the refusal names the mailbox', () => {
  const topic = d.topics.find((t) => t.id === 'pc-issues')!;
  expect(refusal(() => requireDeletable(topic, d, 0))).toEqual({
    code: 'conflict',
    message: `The help topic ${topic.name} is still in use (1 mailbox(es) file their mail under it: support); give those mailboxes another topic first`,
  });
  expect(refusal(() => requireDeletable(topic, directory(), 0))).toBeNull();
});

describe('the IMAP host', () => {
  const at = (host: string): Mailbox => ({ ...support, fetch: { ...support.fetch, host } as Mailbox['fetch'] });

  test.each(['127.0.0.1', 'localhost', '10.0.0.5', '169.254.169.254', '[::1]', 'mail.corp.internal'])('%s is refused, naming the setting that allows it', (host) => {
    const r = refusal(() => requirePublicMailHost(at(host), false));
    expect(r?.code).toBe('validation_failed');
    expect(r?.message).toMatch(new RegExp(`^Invalid mailbox: fetch\\.host: the host \\S+ is .*MAILBOX_ALLOW_PRIVATE_HOSTS=true`));
  });

  test('a private host is taken where the deployment allows it (the local stack)', () => {
    expect(refusal(() => requirePublicMailHost(at('127.0.0.1'), true))).toBeNull();
  });

  test('a public host and a Graph mailbox are taken', () => {
    expect(refusal(() => requirePublicMailHost(support, false))).toBeNull();
    expect(refusal(() => requirePublicMailHost({ ...support, fetch: { method: 'graph' } }, false))).toBeNull();
  });
});
