// The mailbox bodies of the admin API: a password is refused wherever it is put, with what to do
// instead; secretRef is a Key Vault secret name; fetch is IMAP with its connection, or Graph.
import { MailboxCreateBody, MailboxPatchBody, SecretRef } from '../../../shared/schemas/admin';

const imap = { method: 'imap', host: 'imap.example.com', port: 993, tls: true, username: 'support@example.com', secretRef: 'mailbox-support-imap' };
const valid = { name: 'Support', address: 'Support@Example.com', topicId: 'pc-issues', fetch: imap };

const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

test('a mailbox with an IMAP connection is taken, active by default, its address in lower case', () => {
  expect(MailboxCreateBody.parse(valid)).toEqual({ ...valid, address: 'support@example.com', active: true });
  expect(MailboxCreateBody.parse({ ...valid, fetch: { method: 'graph' } }).fetch).toEqual({ method: 'graph' });
});

describe('a password is never taken, and the refusal says where it belongs', () => {
  test.each([
    ['in fetch', MailboxCreateBody, { ...valid, fetch: { ...imap, password: 'hunter2' } }, 'fetch'],
    ['in a Graph fetch', MailboxCreateBody, { ...valid, fetch: { method: 'graph', password: 'hunter2' } }, 'fetch'],
    ['at the top level', MailboxCreateBody, { ...valid, password: 'hunter2' }, ''],
    ['in a PATCH', MailboxPatchBody, { fetch: { ...imap, password: 'hunter2' } }, 'fetch'],
    ['at the top level of a PATCH', MailboxPatchBody, { name: 'x', Password: 'hunter2' }, ''],
  ])('%s', (_where, schema, body, path) => {
    expect(messages(schema.safeParse(body))).toEqual([`${path}: never send a password: put it in the help desk's Key Vault (locally a local setting) and name that secret in fetch.secretRef`]);
  });

  test('another unknown field keeps the usual refusal', () => {
    expect(messages(MailboxCreateBody.safeParse({ ...valid, colour: 'red' }))).toEqual([': Unrecognized key: "colour"']);
  });
});

test('secretRef is a Key Vault secret name: 1 to 127 letters, digits and dashes', () => {
  expect(['a', 'mailbox-support-imap', 'IMAP-2', 'x'.repeat(127)].map((s) => SecretRef.safeParse(s).success)).toEqual([true, true, true, true]);
  expect(['', 'x'.repeat(128), 'mail_box', 'mail.box', 'mail box', 'kv/secret', 'pässword'].map((s) => SecretRef.safeParse(s).success)).toEqual([false, false, false, false, false, false, false]);
  expect(messages(MailboxCreateBody.safeParse({ ...valid, fetch: { ...imap, secretRef: 'MAILBOX_PASSWORD' } }))).toEqual([
    'fetch.secretRef: secretRef names a Key Vault secret: 1 to 127 letters, digits and dashes (e.g. mailbox-support-imap)',
  ]);
});

test('an IMAP fetch needs its whole connection; an unknown method is named', () => {
  const { port: _port, ...noPort } = imap;
  expect(messages(MailboxCreateBody.safeParse({ ...valid, fetch: noPort }))[0]).toMatch(/^fetch\.port: /);
  expect(messages(MailboxCreateBody.safeParse({ ...valid, fetch: { ...imap, port: 70000 } }))[0]).toMatch(/^fetch\.port: /);
  expect(messages(MailboxCreateBody.safeParse({ ...valid, fetch: { ...imap, host: 'imap example com' } }))).toEqual(['fetch.host: host must be a host name (imap.example.com) or an IP address']);
  expect(messages(MailboxCreateBody.safeParse({ ...valid, fetch: { method: 'pop3' } }))).toEqual(["fetch.method: fetch.method must be 'imap' or 'graph'"]);
});
