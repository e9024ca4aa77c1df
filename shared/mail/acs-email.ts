// Azure Communication Services Email, the only module that imports its SDK; reached with the
// function app's managed identity.
import { EmailClient } from '@azure/communication-email';
import type { TokenCredential } from '@azure/core-auth';
import type { Mailer, OutgoingMail } from '../domain/ports';

export class AcsEmailMailer implements Mailer {
  private readonly client: EmailClient;

  constructor(endpoint: string, credential: TokenCredential) {
    this.client = new EmailClient(endpoint, credential);
  }

  async send(mail: OutgoingMail): Promise<void> {
    const poller = await this.client.beginSend({
      senderAddress: mail.from.email,
      recipients: { to: [{ address: mail.to.email, displayName: mail.to.name }] },
      ...(mail.replyTo ? { replyTo: [{ address: mail.replyTo.email, displayName: mail.replyTo.name }] } : {}),
      content: { subject: mail.subject, plainText: mail.text, html: mail.html },
      headers: {
        'Message-ID': mail.messageId,
        'X-Helpdesk-Ticket': mail.ticketNumber,
        'Auto-Submitted': 'auto-generated',
        ...(mail.inReplyTo ? { 'In-Reply-To': mail.inReplyTo } : {}),
        ...(mail.references?.length ? { References: mail.references.join(' ') } : {}),
      },
      attachments: (mail.attachments ?? []).map((a) => ({ name: a.filename, contentType: a.contentType, contentInBase64: a.content.toString('base64') })),
    });
    const result = await poller.pollUntilDone();
    if (result.status !== 'Succeeded') throw new Error(`ACS e-mail ${result.id} ended ${result.status}: ${result.error?.message ?? 'no reason given'}`);
  }
}
