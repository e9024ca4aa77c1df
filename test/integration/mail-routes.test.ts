// How a notice leaves (issue 25), through the composition's mailer and real transports: a
// mailbox's own SMTP server (a real SMTP server on loopback, which checks the login from the
// mailbox's secret), a Microsoft 365 mailbox's Graph sendMail (the recording stand-in), and the
// help desk's own transport (the .eml outbox). Nothing here needs the stores.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startGraphStandIn, type GraphStandIn } from '../../local/graph-server';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { createServices } from '../../shared/composition';
import { loadConfig } from '../../shared/load-config';
import type { OutgoingMail } from '../../shared/domain/ports';
import { readOutbox } from '../support/mail';

const SECRET_REF = 'support-smtp';

interface Received {
  user: string | undefined;
  mail: ParsedMail;
}

describe('the routes a notice leaves by', () => {
  let smtp: SMTPServer;
  let smtpPort: number;
  let graph: GraphStandIn;
  const received: Received[] = [];
  const password = randomBytes(12).toString('base64url');
  const secretsDir = mkdtempSync(join(tmpdir(), 'helpdesk-mailbox-secrets-'));
  const outbox = mkdtempSync(join(tmpdir(), 'helpdesk-mail-'));

  beforeAll(async () => {
    writeFileSync(join(secretsDir, SECRET_REF), password, { mode: 0o600 });
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, done) {
        if (auth.username === 'support' && auth.password === password) done(null, { user: auth.username });
        else done(new Error('Invalid username or password'));
      },
      onData(stream, session, done) {
        simpleParser(stream)
          .then((mail) => received.push({ user: session.user as string | undefined, mail }))
          .finally(() => done());
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as { port: number }).port;
    graph = await startGraphStandIn();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await graph.close();
  });

  const services = (allowPrivateHosts: boolean, graphUrl: string | null = graph.url) => {
    const env = {
      ...LOCAL_DEFAULTS,
      COSMOS_ENDPOINT: 'http://127.0.0.1:1/',
      SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=x;SharedAccessKey=x;UseDevelopmentEmulator=true',
      MAIL_OUTBOX_DIR: outbox,
      MAILBOX_SECRETS_DIR: secretsDir,
      MAILBOX_ALLOW_PRIVATE_HOSTS: String(allowPrivateHosts),
      ...(graphUrl ? { GRAPH_BASE_URL: graphUrl } : {}),
      HELPDESK_SECRET: randomBytes(32).toString('base64url'),
    };
    return createServices(loadConfig(env), env);
  };

  const notice = (over: Partial<OutgoingMail>): OutgoingMail => ({
    messageId: `<ticket-100001.${Date.now()}.0@helpdesk.example.com>`,
    from: { name: 'Help desk', email: 'support@contoso.com' },
    to: { name: 'Maria', email: 'maria@example.org' },
    replyTo: { name: 'Help desk', email: 'support@contoso.com' },
    inReplyTo: '<m1@mail.example.org>',
    references: ['<ticket-100001.thread@helpdesk.example.com>', '<m1@mail.example.org>'],
    subject: '[#100001] Card blocked',
    text: 'We unblocked it.',
    html: '<p>We unblocked it.</p>',
    ticketNumber: '100001',
    ...over,
  });

  const smtpRoute = { method: 'smtp', server: { host: '127.0.0.1', port: 0, tls: false, username: 'support' }, secretRef: SECRET_REF } as const;

  test("a mailbox's own SMTP server, logged in with the password its secret holds, with the threading headers", async () => {
    const mail = notice({ route: { ...smtpRoute, server: { ...smtpRoute.server, port: smtpPort } } });
    await services(true).mailer.send(mail);
    const [got] = received.filter((r) => r.mail.messageId === mail.messageId);
    expect(got!.user).toBe('support');
    expect(got!.mail.from?.value[0]?.address).toBe('support@contoso.com');
    expect(got!.mail.replyTo?.value[0]?.address).toBe('support@contoso.com');
    expect(got!.mail.inReplyTo).toBe('<m1@mail.example.org>');
    expect(got!.mail.references).toEqual(['<ticket-100001.thread@helpdesk.example.com>', '<m1@mail.example.org>']);
    // Not also through the help desk's own transport.
    expect((await readOutbox(outbox)).some((m) => m.messageId === mail.messageId)).toBe(false);
  });

  test('an SMTP server that resolves to a private address is refused where the deployment does not allow it, and nothing is sent', async () => {
    const before = received.length;
    const mail = notice({ route: { ...smtpRoute, server: { ...smtpRoute.server, host: 'localhost', port: smtpPort } } });
    await expect(services(false).mailer.send(mail)).rejects.toThrow(/SMTP localhost resolves to .*loopback/);
    expect(received.length).toBe(before);
  });

  test("a Microsoft 365 mailbox's sendMail gets the whole MIME message; no route means the help desk's own transport", async () => {
    const viaGraph = notice({ route: { method: 'graph', mailbox: 'support@contoso.com' } });
    const svc = services(true);
    await svc.mailer.send(viaGraph);
    const sent = await Promise.all(graph.sent.map(async (s) => ({ mailbox: s.mailbox, mail: await simpleParser(s.mime) })));
    const [mine] = sent.filter((s) => s.mail.messageId === viaGraph.messageId);
    expect(mine!.mailbox).toBe('support@contoso.com');
    expect(mine!.mail.inReplyTo).toBe('<m1@mail.example.org>');
    expect(mine!.mail.headers.get('x-helpdesk-ticket')).toBe('100001');

    const plain = notice({ from: { name: 'Help desk', email: 'helpdesk@localhost' } });
    await svc.mailer.send(plain);
    const [written] = (await readOutbox(outbox)).filter((m) => m.messageId === plain.messageId);
    expect(written).toMatchObject({ from: 'helpdesk@localhost', to: 'maria@example.org' });
  });

  test('outside Azure and without a stand-in, Graph answers at once that it needs the managed identity, and nothing is sent', async () => {
    const before = graph.requests.length;
    const svc = services(true, null);
    await expect(svc.mailer.send(notice({ route: { method: 'graph', mailbox: 'support@contoso.com' } }))).rejects.toThrow(/managed identity, so Graph mailboxes work only in Azure/);
    await expect(svc.graph.subscribe('support@contoso.com', { notificationUrl: 'https://x/api/mail/graph-notifications', clientState: 'x', expiresAt: new Date().toISOString() })).rejects.toMatchObject({ code: 'unavailable' });
    expect(graph.requests.length).toBe(before);
  });
});
