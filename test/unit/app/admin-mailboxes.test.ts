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
