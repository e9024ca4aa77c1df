// Mailboxes through the admin use cases over in-memory ports: created, changed and deleted like
// every directory entry (each change audited), a private IMAP host refused unless the deployment
// allows it, and nothing stored when refused.
import { createEntry, deleteEntry, listEntries, updateEntry } from '../../../shared/app/admin-directory';
import type { Actor } from '../../../shared/app/actor';
import { MailboxCreateBody, MailboxPatchBody } from '../../../shared/schemas/admin';
import { memoryApp } from '../../support/in-memory';

async function adminApp(allowPrivateHosts = false) {
  const app = memoryApp();
  app.deps.mailboxes = { allowPrivateHosts };
  const directory = await app.directory.load();
  const actor: Actor = { agent: directory.agents.find((a) => a.isAdmin)!, directory };
  return { ...app, actor };
}

const body = (host: string) =>
  MailboxCreateBody.parse({
    name: 'Support',
    address: 'support@example.com',
    topicId: 'pc-issues',
    fetch: { method: 'imap', host, port: 993, tls: true, username: 'support@example.com', secretRef: 'mailbox-support-imap' },
  });

test('a mailbox is created, changed and deleted, each step in the audit trail', async () => {
  const app = await adminApp();
  const created = await createEntry(app.deps, app.actor, 'mailbox', body('imap.example.com'));
  await updateEntry(app.deps, app.actor, 'mailbox', created.id, MailboxPatchBody.parse({ active: false }));
  expect((await listEntries(app.deps, app.actor, 'mailbox')).map((m) => [m.id, m.address, m.active])).toEqual([['support', 'support@example.com', false]]);
  await deleteEntry(app.deps, app.actor, 'mailbox', created.id);

  expect(await listEntries(app.deps, app.actor, 'mailbox')).toEqual([]);
  expect(app.audit.entries.map((e) => [e.action, e.entityKind, e.entityId])).toEqual([
    ['create', 'mailbox', 'support'],
    ['update', 'mailbox', 'support'],
    ['delete', 'mailbox', 'support'],
  ]);
});

test('a loopback IMAP host is refused, on create and on update, and nothing is stored', async () => {
  const app = await adminApp();
  await expect(createEntry(app.deps, app.actor, 'mailbox', body('127.0.0.1'))).rejects.toMatchObject({ code: 'validation_failed' });
  await expect(createEntry(app.deps, app.actor, 'mailbox', body('127.0.0.1'))).rejects.toThrow(/fetch\.host: the host 127\.0\.0\.1 is a loopback address/);
  const created = await createEntry(app.deps, app.actor, 'mailbox', body('imap.example.com'));
  const moved = MailboxPatchBody.parse({ fetch: { method: 'imap', host: '169.254.169.254', port: 993, tls: true, username: 'x', secretRef: 'x' } });
  await expect(updateEntry(app.deps, app.actor, 'mailbox', created.id, moved)).rejects.toThrow(/link-local/);

  expect((await listEntries(app.deps, app.actor, 'mailbox')).map((m) => m.fetch)).toEqual([created.fetch]);
  expect(app.audit.entries.map((e) => e.action)).toEqual(['create']);
});

test('where the deployment allows private hosts (the local stack), a loopback IMAP host is taken', async () => {
  const app = await adminApp(true);
  expect((await createEntry(app.deps, app.actor, 'mailbox', body('127.0.0.1'))).fetch).toMatchObject({ host: '127.0.0.1' });
});

describe('how a mailbox sends (issue 25)', () => {
  const smtp = (host: string) => ({ method: 'smtp', host, port: 587, tls: false, username: 'support@example.com', secretRef: 'mailbox-support-smtp' });

  test('an SMTP server on a private host is refused like an IMAP one, and nothing is stored', async () => {
    const app = await adminApp();
    const refused = MailboxCreateBody.parse({ ...body('imap.example.com'), send: smtp('10.0.0.5') });
    await expect(createEntry(app.deps, app.actor, 'mailbox', refused)).rejects.toThrow(/send\.host: the host 10\.0\.0\.5 is a private/);
    expect(await listEntries(app.deps, app.actor, 'mailbox')).toEqual([]);
    const created = await createEntry(app.deps, app.actor, 'mailbox', MailboxCreateBody.parse({ ...body('imap.example.com'), send: smtp('smtp.example.com') }));
    expect(created.send).toMatchObject({ method: 'smtp', host: 'smtp.example.com' });
  });

  test("sending through Graph needs a mailbox read through Graph: the help desk's identity has no other way in", async () => {
    const app = await adminApp();
    await expect(createEntry(app.deps, app.actor, 'mailbox', MailboxCreateBody.parse({ ...body('imap.example.com'), send: { method: 'graph' } }))).rejects.toThrow(
      /send\.method 'graph' needs fetch\.method 'graph'/,
    );
    const graph = MailboxCreateBody.parse({ name: 'Support', address: 'support@example.com', topicId: 'pc-issues', fetch: { method: 'graph' }, send: { method: 'graph' } });
    expect((await createEntry(app.deps, app.actor, 'mailbox', graph)).send).toEqual({ method: 'graph' });
  });

  test('a password in send is refused with what to do instead', () => {
    const parsed = MailboxCreateBody.safeParse({ ...body('imap.example.com'), send: { ...smtp('smtp.example.com'), password: 'hunter2' } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('never send a password');
  });
});
