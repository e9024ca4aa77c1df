// Mail through nodemailer, the only module that imports it: the complete MIME message (what the
// local outbox writes as .eml) and SMTP delivery.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ImapServer, Mailer, OutgoingMail } from '../domain/ports';
import { publicAddress } from './public-address';

function options(mail: OutgoingMail) {
  return {
    from: { name: mail.from.name, address: mail.from.email },
    to: { name: mail.to.name, address: mail.to.email },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    ...(mail.replyTo ? { replyTo: { name: mail.replyTo.name, address: mail.replyTo.email } } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references?.length ? { references: mail.references } : {}),
    date: new Date(),
    headers: { 'X-Helpdesk-Ticket': mail.ticketNumber, 'Auto-Submitted': 'auto-generated' },
    attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}

/** The complete RFC 5322 message, headers To, From, Subject, Message-ID and Date included. */
export function composeMime(mail: OutgoingMail): Promise<Buffer> {
  return new MailComposer(options(mail)).compile().build();
}

/** Writes every message as a .eml file an operator (or a test) can open: exactly what would be sent. */
export class OutboxFolderMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(mail: OutgoingMail): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const safe = (s: string) => s.replace(/[^\w.@-]+/g, '_');
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}_${mail.ticketNumber}_${safe(mail.to.email)}_${safe(mail.messageId.slice(1, 40))}.eml`;
    writeFileSync(join(this.dir, name), await composeMime(mail));
  }
}

export class SmtpMailer implements Mailer {
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  /** `transport`: an smtp:// URL (SMTP_URL), or nodemailer's SMTP options. */
  constructor(transport: string | SMTPTransport.Options) {
    this.transport = nodemailer.createTransport(transport);
  }

  /**
   * A mailbox's own SMTP server (issue 25): the password from its secret, and (unless private
   * hosts are allowed, as locally) only a public address, resolved and checked here, with the
   * name kept for TLS.
   */
  static async forMailbox(server: ImapServer, password: string, options: { allowPrivateHosts: boolean }): Promise<SmtpMailer> {
    const address = options.allowPrivateHosts ? server.host : await publicAddress(server.host, 'SMTP');
    return new SmtpMailer({
      host: address,
      port: server.port,
      secure: server.tls,
      ...(address !== server.host ? { tls: { servername: server.host } } : {}),
      auth: { user: server.username, pass: password },
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail(options(mail));
  }

  close(): void {
    this.transport.close();
  }
}
