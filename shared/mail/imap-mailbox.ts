// The one module that speaks IMAP, through imapflow (issue 24): a short session per fetch run,
// the inbox read by UID, messages moved with UID MOVE (imapflow falls back to COPY + EXPUNGE on
// servers without MOVE). Folders the help desk moves to are made on first use.
import { ImapFlow } from 'imapflow';
import { DomainError } from '../domain/errors';
import type { ImapServer, MailboxConnection, MailboxReader, WaitingMail } from '../domain/ports';
import { publicAddress } from './public-address';

const INBOX = 'INBOX';

/** Short timeouts: a timer run must end well within its minute, whatever the server does. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 10_000, socketTimeout: 60_000 } as const;

function unavailable(server: ImapServer, err: unknown): DomainError {
  const e = err as { authenticationFailed?: boolean; responseText?: string; message?: string; code?: string };
  const why = e.authenticationFailed ? `the server refused the login of '${server.username}' (check the password in the secret)` : (e.responseText ?? e.message ?? e.code ?? String(err));
  return new DomainError('unavailable', `IMAP ${server.host}:${server.port}: ${why}`);
}

class ImapConnection implements MailboxConnection {
  private readonly made = new Set<string>();

  constructor(
    private readonly client: ImapFlow,
    private readonly server: ImapServer,
  ) {}

  async waiting(limit: number, maxBytes: number): Promise<{ messages: WaitingMail[]; more: boolean }> {
    try {
      const box = await this.client.mailboxOpen(INBOX);
      if (box.exists === 0) return { messages: [], more: false };
      // Sizes first (cheap), then the bytes of only those within the limit.
      const listed = (await this.client.fetchAll('1:*', { uid: true, size: true })).sort((a, b) => a.uid - b.uid);
      const page = listed.slice(0, limit);
      const small = page.filter((m) => (m.size ?? 0) <= maxBytes).map((m) => m.uid);
      const sources = new Map<number, Buffer>();
      if (small.length > 0) {
        for (const m of await this.client.fetchAll(small.join(','), { uid: true, source: true }, { uid: true })) if (m.source) sources.set(m.uid, m.source);
      }
      const messages = page.flatMap((m): WaitingMail[] => {
        const size = m.size ?? 0;
        if (size > maxBytes) return [{ id: String(m.uid), size, raw: null }];
        const raw = sources.get(m.uid);
        return raw ? [{ id: String(m.uid), size, raw }] : []; // gone meanwhile (another run moved it)
      });
      return { messages, more: listed.length > limit };
    } catch (err) {
      throw unavailable(this.server, err);
    }
  }

  async move(uid: string, folder: string): Promise<void> {
    try {
      if (!this.made.has(folder)) {
        // An existing folder is no error (imapflow answers created: false).
        await this.client.mailboxCreate(folder);
        this.made.add(folder);
      }
      await this.client.messageMove(uid, folder, { uid: true });
    } catch (err) {
      throw unavailable(this.server, err);
    }
  }

  async close(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }
}

export class ImapMailboxReader implements MailboxReader {
  /** `allowPrivateHosts`: MAILBOX_ALLOW_PRIVATE_HOSTS, the local stack's (its Dovecot is on loopback). */
  constructor(private readonly options: { allowPrivateHosts: boolean }) {}

  async open(server: ImapServer, password: string): Promise<MailboxConnection> {
    const address = this.options.allowPrivateHosts ? server.host : await publicAddress(server.host, 'IMAP');
    const client = new ImapFlow({
      host: address,
      ...(address !== server.host ? { servername: server.host } : {}),
      port: server.port,
      secure: server.tls,
      auth: { user: server.username, pass: password },
      // imapflow logs every command to stdout by default; the fetch run logs what matters.
      logger: false,
      disableAutoIdle: true,
      ...TIMEOUTS,
    });
    // A dropped connection is reported through the failing command; without a listener the
    // 'error' event would end the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      client.close();
      throw unavailable(server, err);
    }
    return new ImapConnection(client, server);
  }
}
