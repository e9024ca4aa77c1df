// Mail fetching (issue 24): from a mail delivered into the local IMAP mailbox (IMAP APPEND on the
// stack's private Dovecot, as a mail server would deliver) to the ticket it became (its createdAt),
// with the fetch timer every second. In Azure the timer runs every minute, which adds up to 60 s
// (30 s on average) waiting for the next run; this row measures the rest: the fetch and the intake.
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { localImapFrom } from '../../local/local-mailboxes';
import { agentToken, bearer, call, expectStatus, type BenchStack } from './stack';
import { figure, percentile, progress, type Figure } from './stats';

export interface MailFetchOptions {
  runs: number;
  mails: number;
  /** Between two deliveries, so mails meet the timer at every phase. */
  spacingMs: number;
  timeoutMs: number;
}

/** The settings the bench stack needs for this row: a fetch every second. */
export const MAIL_FETCH_ENV = { MAILBOX_FETCH_EVERY_SECONDS: '1' };

/** What skips the row: the stack printed no local IMAP server. */
export const NO_DOVECOT_SKIP = 'mail fetch: skipped, Dovecot is not installed (sudo apt-get install dovecot-imapd; npm test installs it)';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Summary {
  subject: string;
  createdAt: string;
}

/** Null when the stack runs no local IMAP server (Dovecot missing): the row is skipped. */
export async function benchMailFetch(stack: BenchStack, options: MailFetchOptions): Promise<Figure[] | null> {
  const imap = localImapFrom(stack.output());
  if (!imap) return null;
  const client = new ImapFlow({ host: '127.0.0.1', port: imap.port, secure: false, auth: { user: imap.user, pass: readFileSync(imap.passwordFile, 'utf8').trim() }, logger: false, disableAutoIdle: true });
  client.on('error', () => undefined);
  await client.connect();
  const token = await agentToken('admin@example.com');
  const perRun = { p50: [] as number[], p99: [] as number[] };
  try {
    for (let run = 1; run <= options.runs; run++) {
      const tag = `bench-mail-${Date.now()}-${run}`;
      const delivered = new Map<string, number>();
      for (let i = 0; i < options.mails; i++) {
        const subject = `${tag} ${i}`;
        const raw = `From: Bench Customer <customer.${tag}.${i}@example.org>\r\nTo: support@localhost\r\nSubject: ${subject}\r\nMessage-ID: <${tag}.${i}@example.org>\r\nDate: ${new Date().toUTCString()}\r\n\r\nThe printer on floor 3 jams.\r\n`;
        await client.append('INBOX', raw);
        delivered.set(subject, Date.now());
        await sleep(options.spacingMs);
      }
      const lags = new Map<string, number>();
      const deadline = Date.now() + options.timeoutMs;
      while (lags.size < delivered.size && Date.now() < deadline) {
        const page = expectStatus(await call<{ items: Summary[] }>(stack.api, 'GET', `/staff/tickets?queue=open&limit=100&q=${encodeURIComponent(tag)}`, undefined, bearer(token)), 200, 'reading the open queue');
        for (const t of page.body.items) {
          const at = delivered.get(t.subject);
          if (at !== undefined) lags.set(t.subject, Date.parse(t.createdAt) - at);
        }
        await sleep(200);
      }
      if (lags.size < delivered.size) throw new Error(`${delivered.size - lags.size} of ${delivered.size} mails did not become tickets within ${options.timeoutMs / 1000} s`);
      const values = [...lags.values()];
      perRun.p50.push(percentile(values, 50));
      perRun.p99.push(percentile(values, 99));
      progress(`mail fetch run ${run}/${options.runs}: ${values.length} mails, delivered -> ticket p50 ${perRun.p50.at(-1)!.toFixed(0)} ms, p99 ${perRun.p99.at(-1)!.toFixed(0)} ms`);
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  const g = `Mail fetch (${options.mails} mails into the local IMAP mailbox, fetch every 1 s)`;
  const note = 'the timer runs every minute in Azure: add the wait for the next run, up to 60 s';
  return [figure(g, 'delivered -> ticket p50', 'ms', perRun.p50), figure(g, 'delivered -> ticket p99', 'ms', perRun.p99, { note })];
}
