// The IMAP adapter connects only to public addresses in Azure (issue 24): a name that resolves to
// a loopback or private address is refused before any connection, as the admin API refuses the
// literal. Nothing listens for these; the refusal comes first.
import { ImapMailboxReader } from '../../../shared/mail/imap-mailbox';

const server = (host: string) => ({ host, port: 1, tls: true, username: 'support' });

test('a host that resolves to a loopback address is refused when private hosts are not allowed', async () => {
  const reader = new ImapMailboxReader({ allowPrivateHosts: false });
  await expect(reader.open(server('localhost'), 'x')).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^IMAP localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/) });
  await expect(reader.open(server('127.0.0.1'), 'x')).rejects.toMatchObject({ code: 'forbidden' });
});

test('with private hosts allowed (the local stack) it connects, here to nothing: unavailable, naming the server', async () => {
  const reader = new ImapMailboxReader({ allowPrivateHosts: true });
  await expect(reader.open(server('127.0.0.1'), 'x')).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('IMAP 127.0.0.1:1') });
});
