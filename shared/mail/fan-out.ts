// One mailer made of several: locally the .eml outbox and, when configured, an SMTP server too.
import type { Mailer, OutgoingMail } from '../domain/ports';

export class FanOutMailer implements Mailer {
  constructor(private readonly mailers: readonly Mailer[]) {}

  async send(mail: OutgoingMail): Promise<void> {
    for (const m of this.mailers) await m.send(mail);
  }
}
