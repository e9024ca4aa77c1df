// The local stack's mailboxes (issue 24): a private Dovecot on loopback when it is installed, and
// a demo mailbox in the directory that the fetch timer reads, with its password kept as a local
// mailbox secret (<secrets>/<secretRef>, mode 600), as the Key Vault keeps it in Azure.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DirectoryStore } from '../shared/domain/ports';
import type { Mailbox } from '../shared/domain/model';
import { NO_DOVECOT_HINT, dovecotInstalled, startLocalDovecot, type LocalDovecot } from './dovecot';

export const DEMO_MAILBOX_USER = 'support';
export const DEMO_MAILBOX_SECRET = 'local-imap-support';

/** The demo mailbox's password: made once and kept in the secrets folder, so a restart reads the same. */
export function localMailboxPassword(secretsDir: string, secretRef: string): string {
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const file = join(secretsDir, secretRef);
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

export function demoMailbox(port: number): Mailbox {
  return {
    kind: 'mailbox',
    id: 'local-support',
    name: 'Local support mailbox',
    address: `${DEMO_MAILBOX_USER}@localhost`,
    topicId: 'other',
    active: true,
    fetch: { method: 'imap', host: '127.0.0.1', port, tls: false, username: DEMO_MAILBOX_USER, secretRef: DEMO_MAILBOX_SECRET },
  };
}

/** The line npm start prints for its local IMAP server, read back by the tests and the bench (localImapFrom). */
function localImapLine(port: number, dir: string, address: string, passwordFile: string): string {
  return `Local IMAP: 127.0.0.1:${port} (Dovecot, ${dir}); mailbox ${address}, user ${DEMO_MAILBOX_USER}, password in ${passwordFile}`;
}

/** The local IMAP server npm start printed, or null when it printed none (Dovecot missing). */
export function localImapFrom(output: string): { port: number; user: string; passwordFile: string } | null {
  const m = /Local IMAP: 127\.0\.0\.1:(\d+) .*user (\S+), password in (\S+)/.exec(output);
  return m ? { port: Number(m[1]), user: m[2]!.replace(/,$/, ''), passwordFile: m[3]! } : null;
}

/**
 * Starts Dovecot in `dir` and keeps the demo mailbox in the directory pointing at it (its port
 * may change between runs). Without Dovecot: null and one line on how to add it.
 */
export async function startLocalMailboxes(o: { dir: string; port: number; secretsDir: string; directory: DirectoryStore; log: (line: string) => void }): Promise<LocalDovecot | null> {
  if (!dovecotInstalled()) {
    o.log(NO_DOVECOT_HINT);
    return null;
  }
  let dovecot: LocalDovecot;
  try {
    dovecot = await startLocalDovecot({ dir: o.dir, port: o.port });
  } catch (err) {
    // The help desk runs without it: local mailboxes are an extra.
    o.log(`Local IMAP: Dovecot did not start, so no local mailbox: ${(err as Error).message.split('\n')[0]}`);
    return null;
  }
  dovecot.setUser(DEMO_MAILBOX_USER, localMailboxPassword(o.secretsDir, DEMO_MAILBOX_SECRET));
  const wanted = demoMailbox(dovecot.port);
  if (!(await o.directory.createIfAbsent(wanted))) {
    const stored = await o.directory.get('mailbox', wanted.id);
    const fetch = stored?.value.fetch;
    if (stored && fetch?.method === 'imap' && fetch.host === '127.0.0.1' && fetch.port !== dovecot.port) {
      await o.directory.replace({ ...stored.value, fetch: { ...fetch, port: dovecot.port } }, stored.etag);
    }
  }
  o.log(localImapLine(dovecot.port, o.dir, wanted.address, join(o.secretsDir, DEMO_MAILBOX_SECRET)));
  return dovecot;
}
