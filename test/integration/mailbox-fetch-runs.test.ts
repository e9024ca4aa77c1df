// Fetch runs that overlap or die half-way (issue 24), on the real pieces in this process: the
// local Cosmos DB and Service Bus, a private Dovecot, imapflow, the e-mail intake. A run that
// "dies" between taking a message and moving it is one whose move throws; the test then runs the
// fetch again, as the next timer tick would.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { mailboxFetchDeps } from '../../functions/handlers/mailbox-fetch';
import { startLocalCosmos } from '../../local/cosmos-server';
import { dovecotInstalled, startLocalDovecot, type LocalDovecot } from '../../local/dovecot';
import { DEMO_MAILBOX_SECRET, demoMailbox } from '../../local/local-mailboxes';
import { HELPDESK_ENTITIES, startServiceBusEmulator } from '../../local/servicebus';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { seedDirectory } from '../../shared/app/seed';
import { fetchImapMailbox, type ImapFetchDeps } from '../../shared/app/mailbox-fetch';
import { createServices, type Services } from '../../shared/composition';
import { loadConfig } from '../../shared/load-config';
import { FAILED_FOLDER, MAX_FETCH_ATTEMPTS, PROCESSED_FOLDER, imapMailboxes } from '../../shared/domain/mailbox-fetch';
import type { MailboxReader } from '../../shared/domain/ports';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { deliver, folderCounts, type ImapAccount } from '../support/imap';

const maybe = dovecotInstalled() ? describe : describe.skip;

maybe('fetch runs that overlap or stop half-way', () => {
  let stops: (() => Promise<void> | void)[] = [];
  let svc: Services;
  let dovecot: LocalDovecot;
  let account: ImapAccount;
  let deps: ImapFetchDeps;
  const mailbox = () => imapMailboxes([demoMailbox(dovecot.port)])[0]!;

  beforeAll(async () => {
    const cosmos = await startLocalCosmos({ port: 0, dataDir: null });
    const bus = await startServiceBusEmulator({ port: 0, dataDir: null, entities: HELPDESK_ENTITIES });
    dovecot = await startLocalDovecot({ dir: mkdtempSync(join(tmpdir(), 'helpdesk-dovecot-')), port: 0 });
    const secrets = mkdtempSync(join(tmpdir(), 'helpdesk-mailbox-secrets-'));
    const password = randomBytes(12).toString('base64url');
    dovecot.setUser('support', password);
    writeFileSync(join(secrets, DEMO_MAILBOX_SECRET), password, { mode: 0o600 });
    account = { port: dovecot.port, user: 'support', password };
    const env = {
      ...LOCAL_DEFAULTS,
      COSMOS_ENDPOINT: cosmos.endpoint,
      SERVICEBUS_CONNECTION_STRING: bus.connectionString,
      MAIL_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'helpdesk-mail-')),
      MAILBOX_SECRETS_DIR: secrets,
      HELPDESK_SECRET: randomBytes(32).toString('base64url'),
    };
    svc = createServices(loadConfig(env), env);
    await svc.store.ensureSchema();
    await seedDirectory(svc.directory, DEMO_DIRECTORY);
    await svc.directory.createIfAbsent(demoMailbox(dovecot.port));
    deps = { ...mailboxFetchDeps(svc), log: { info: () => undefined, warn: () => undefined, error: () => undefined } };
    stops = [() => svc.store.dispose(), () => svc.bus.close(), bus.stop, cosmos.stop, dovecot.stop];
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  /** The real reader, except that moving to the processed folder fails: the run dies after the intake. */
  const dyingBeforeTheMove: MailboxReader = {
    open: async (server, password) => {
      const connection = await svc.mailboxReader.open(server, password);
      return { ...connection, waiting: connection.waiting.bind(connection), close: connection.close.bind(connection), move: async () => Promise.reject(new Error('the function host stopped here')) };
    },
  };

  /** The real reader, except that the processed folder never takes a message (a full folder, say). */
  const processedNeverTakes: MailboxReader = {
    open: async (server, password) => {
      const connection = await svc.mailboxReader.open(server, password);
      return {
        waiting: connection.waiting.bind(connection),
        close: connection.close.bind(connection),
        move: async (uid, folder) => (folder === PROCESSED_FOLDER ? Promise.reject(new Error('NO [OVERQUOTA] quota exceeded')) : connection.move(uid, folder)),
      };
    },
  };

  /** The real reader, where each of `runs` runs waits after listing the inbox until all have listed it: they overlap for sure. */
  function listingTogether(runs: number): MailboxReader {
    let listed = 0;
    let all!: () => void;
    const together = new Promise<void>((resolve) => (all = resolve));
    return {
      open: async (server, password) => {
        const connection = await svc.mailboxReader.open(server, password);
        return {
          move: connection.move.bind(connection),
          close: connection.close.bind(connection),
          waiting: async (limit, maxBytes) => {
            const inbox = await connection.waiting(limit, maxBytes);
            if (++listed === runs) all();
            await together;
            return inbox;
          },
        };
      },
    };
  }

  const customerMail = async (from: string, subject: string) => (await new MailComposer({ from, to: 'support@localhost', subject, text: 'Nothing prints.' }).compile().build()).toString('utf8');
  const ticketsOf = (email: string) => svc.intakeCounters.openTicketsOf(email);

  test('a run that dies between taking a message and moving it makes no second ticket: a later run finishes the move', async () => {
    const from = `nora.${Date.now()}@example.org`;
    await deliver(account, await customerMail(from, 'Printer offline'));

    const died = await fetchImapMailbox({ ...deps, reader: dyingBeforeTheMove }, mailbox());
    expect(died).toMatchObject({ taken: 0, error: expect.stringContaining('the function host stopped here') });
    expect(await ticketsOf(from)).toBe(1);
    expect(await folderCounts(account, ['INBOX', PROCESSED_FOLDER])).toMatchObject({ INBOX: 1 });

    // The next tick sees the message claimed and still waiting: left alone while the claim is fresh ...
    const next = await fetchImapMailbox(deps, mailbox());
    expect(next).toMatchObject({ taken: 0, leftToOthers: 1, error: null });
    // ... and finished once it is stale: the intake finds the ticket it opened, and the message moves.
    const later = await fetchImapMailbox({ ...deps, claimStaleAfterMs: 0 }, mailbox());
    expect(later).toMatchObject({ taken: 1, error: null });
    expect(await ticketsOf(from)).toBe(1);
    expect(await folderCounts(account, ['INBOX', PROCESSED_FOLDER])).toEqual({ INBOX: 0, [PROCESSED_FOLDER]: 1 });
    // Nothing is left to do.
    expect(await fetchImapMailbox(deps, mailbox())).toMatchObject({ taken: 0, leftToOthers: 0, failed: 0, retrying: 0 });
  });

  test('two runs at once take a message once', async () => {
    const from = `omar.${Date.now()}@example.org`;
    await deliver(account, await customerMail(from, 'Screen flickers'));
    const before = await folderCounts(account, [PROCESSED_FOLDER]);

    const reader = listingTogether(2);
    const runs = await Promise.all([fetchImapMailbox({ ...deps, reader }, mailbox()), fetchImapMailbox({ ...deps, reader }, mailbox())]);

    expect(runs.map((r) => r.error)).toEqual([null, null]);
    expect(runs.map((r) => r.taken + r.leftToOthers)).toEqual([1, 1]); // both saw it
    expect(runs.reduce((n, r) => n + r.taken, 0)).toBe(1);
    expect(await ticketsOf(from)).toBe(1);
    // The run that lost the claim left the message to the winner, which moved it.
    expect(await folderCounts(account, ['INBOX', PROCESSED_FOLDER])).toEqual({ INBOX: 0, [PROCESSED_FOLDER]: before[PROCESSED_FOLDER]! + 1 });
  });

  test('a message whose move keeps failing is taken a bounded number of times, then goes to the failed folder: still one ticket', async () => {
    const from = `pia.${Date.now()}@example.org`;
    await deliver(account, await customerMail(from, 'Keyboard missing keys'));
    const failedBefore = (await folderCounts(account, [FAILED_FOLDER]))[FAILED_FOLDER]!;
    const reports = [];
    // The first run takes it; the next only notes the claim; each later one takes it again (the
    // claim is stale at once here) until its attempts are used up, then moves it to the failed folder.
    for (let run = 0; run < MAX_FETCH_ATTEMPTS + 2; run++) reports.push(await fetchImapMailbox({ ...deps, reader: processedNeverTakes, claimStaleAfterMs: 0 }, mailbox()));

    expect(reports.map((r) => r.failed)).toEqual([0, 0, 0, 0, 1]);
    expect(reports.filter((r) => r.error?.includes('quota exceeded'))).toHaveLength(MAX_FETCH_ATTEMPTS);
    expect(await ticketsOf(from)).toBe(1);
    expect(await folderCounts(account, ['INBOX', FAILED_FOLDER])).toEqual({ INBOX: 0, [FAILED_FOLDER]: failedBefore + 1 });
    const status = (await svc.directory.get('mailboxStatus', mailbox().id))!.value;
    expect(status.lastError?.message).toContain('moving it out of the inbox failed every time');
    expect(status.retrying).toEqual([]);
  });
});
