// The help desk fetches its own mailbox (issue 24), end to end: npm start with its private
// Dovecot on loopback, mail delivered into the demo mailbox over IMAP, the fetch timer (every
// second here) takes it through the e-mail intake, and the admin API shows the mailbox's status.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { FAILED_FOLDER, MAX_FETCH_ATTEMPTS, PROCESSED_FOLDER } from '../../shared/domain/mailbox-fetch';
import { dovecotInstalled } from '../../local/dovecot';
import { deliver, folderCounts, localImapFrom, type ImapAccount } from '../support/imap';
import { eventually, receivedAuthentic, waitForMail } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';
import { allTickets } from '../support/tickets';

// .ci/run and npm test install Dovecot (scripts/test-prerequisites.sh); without it there is nothing to fetch from.
const maybe = dovecotInstalled() ? describe : describe.skip;

maybe('fetching the local IMAP mailbox', () => {
  let stack: Stack;
  let api: ReturnType<typeof client>;
  let admin: string;
  let mailbox: ImapAccount;
  let secretsDir: string;

  beforeAll(async () => {
    stack = await startStack({ env: { MAILBOX_FETCH_EVERY_SECONDS: '1' } });
    api = client(stack.baseUrl);
    admin = await agentToken('admin@example.com');
    const imap = localImapFrom(stack.output());
    if (!imap) throw new Error(`npm start printed no local IMAP server:\n${stack.output()}`);
    mailbox = { port: imap.port, user: imap.user, password: readFileSync(imap.passwordFile, 'utf8').trim() };
    secretsDir = dirname(imap.passwordFile);
  });
  afterAll(() => stack?.stop());

  const compose = async (options: Mail.Options) => (await new MailComposer({ to: 'support@localhost', ...options }).compile().build()).toString('utf8');
  const ticketWithSubject = (subject: string) =>
    eventually(
      () => allTickets(api, admin),
      (all) => all.some((t) => t.subject === subject),
      20_000,
    ).then((all) => all.filter((t) => t.subject === subject));

  test("a customer's mail delivered into the mailbox opens a ticket; the reply to the notice is appended to it", async () => {
    const from = `lena.${Date.now()}@example.org`;
    const subject = `Scanner jammed ${Date.now()}`;
    await deliver(mailbox, await compose({ from: `Lena Customer <${from}>`, subject, text: 'The scanner on floor 2 eats every page.' }));

    const [ticket] = await ticketWithSubject(subject);
    const number = ticket!.number;
    const staff = (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
    expect(staff).toMatchObject({ source: 'email', topicId: 'other', customer: { email: from } });

    // The auto-response carries the help desk's Message-ID; the customer answers it.
    const notice = (await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.to === from && m.subject.includes(`[#${number}]`)))).find((m) => m.to === from)!;
    const reply = await compose({ from: `Lena Customer <${from}>`, subject: `Re: ${notice.subject}`, inReplyTo: notice.messageId, references: [notice.messageId], text: 'It also jams with thick paper.' });
    await deliver(mailbox, receivedAuthentic(reply));

    const thread = await eventually(
      async () => (await api.get(`/staff/tickets/${number}`, { token: admin })).body.thread as { type: string; body: string }[],
      (entries) => entries.filter((e) => e.type === 'message').length === 2,
      20_000,
    );
    expect(thread.filter((e) => e.type === 'message').map((e) => e.body)).toEqual(['The scanner on floor 2 eats every page.', 'It also jams with thick paper.']);
    expect(await ticketWithSubject(subject)).toHaveLength(1);
    // Both taken out of the inbox, into the processed folder.
    expect(await folderCounts(mailbox, ['INBOX', PROCESSED_FOLDER])).toEqual({ INBOX: 0, [PROCESSED_FOLDER]: 2 });

    const status = await eventually(
      async () => (await api.get('/admin/mailboxes/local-support', { token: admin })).body.status,
      (s) => s?.taken === 2,
    );
    expect(status).toMatchObject({ taken: 2, failed: 0, lastError: null, lastFetchAt: expect.any(String) });
  });

  test('a message that fails every time is moved to the failed folder after its attempts, and the status says so', async () => {
    // No From header: the intake cannot take it, however often it is tried.
    await deliver(mailbox, 'To: support@localhost\r\nSubject: no sender\r\nMessage-ID: <no-sender@example.org>\r\n\r\nWho am I?\r\n');
    const status = await eventually(
      async () => (await api.get('/admin/mailboxes', { token: admin })).body.mailboxes.find((m: { id: string }) => m.id === 'local-support').status,
      (s) => s?.failed === 1,
      20_000,
    );
    expect(status.lastError.message).toContain(`failed ${MAX_FETCH_ATTEMPTS} times and was moved to ${FAILED_FOLDER}`);
    expect(status.lastError.message).toContain('no sender');
    expect(await folderCounts(mailbox, ['INBOX', FAILED_FOLDER])).toEqual({ INBOX: 0, [FAILED_FOLDER]: 1 });
    // Reported in the log too, and never tried again.
    expect(stack.output()).toMatch(new RegExp(`failed ${MAX_FETCH_ATTEMPTS} times and was moved to ${FAILED_FOLDER}`));
    expect(stack.output().match(/attempt \d of 3/g)).toHaveLength(MAX_FETCH_ATTEMPTS - 1);
  });

  test('a password the server refuses is reported in the status, and no password reaches the log', async () => {
    const wrong = randomBytes(12).toString('base64url');
    writeFileSync(join(secretsDir, 'wrong-password'), wrong, { mode: 0o600 });
    const created = await api.post(
      '/admin/mailboxes',
      { name: 'Wrong password', address: 'wrong@example.com', topicId: 'other', fetch: { method: 'imap', host: '127.0.0.1', port: mailbox.port, tls: false, username: 'support', secretRef: 'wrong-password' } },
      { token: admin },
    );
    expect(created.status).toBe(201);
    const status = await eventually(
      async () => (await api.get('/admin/mailboxes/wrong-password', { token: admin })).body.status,
      (s) => s?.lastError,
      20_000,
    );
    expect(status).toMatchObject({ lastSuccessAt: null, taken: 0, lastError: { message: expect.stringContaining("the server refused the login of 'support' (check the password in the secret)") } });
    expect((await api.call('DELETE', '/admin/mailboxes/wrong-password', { token: admin })).status).toBe(204);
    expect(stack.output()).not.toContain(wrong);
    expect(stack.output()).not.toContain(mailbox.password);
  });
});
