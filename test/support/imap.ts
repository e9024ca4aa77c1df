// A real IMAP client (imapflow) on the local stack's Dovecot, for tests and the bench: delivers
// mail into a mailbox as a mail server would (APPEND) and counts what is in its folders.
import { ImapFlow } from 'imapflow';

export interface ImapAccount {
  port: number;
  user: string;
  password: string;
}

export { localImapFrom } from '../../local/local-mailboxes';

async function withClient<T>(account: ImapAccount, work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: '127.0.0.1', port: account.port, secure: false, auth: { user: account.user, pass: account.password }, logger: false, disableAutoIdle: true });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Puts a raw e-mail into the mailbox's inbox, as delivery would. */
export function deliver(account: ImapAccount, raw: string | Buffer): Promise<void> {
  return withClient(account, async (c) => void (await c.append('INBOX', raw)));
}

/** How many messages each folder holds (0 for one that does not exist yet). */
export function folderCounts(account: ImapAccount, folders: readonly string[]): Promise<Record<string, number>> {
  return withClient(account, async (c) => {
    const out: Record<string, number> = {};
    const existing = new Set((await c.list()).map((f) => f.path));
    for (const f of folders) out[f] = existing.has(f) ? ((await c.status(f, { messages: true })) || { messages: 0 }).messages ?? 0 : 0;
    return out;
  });
}
