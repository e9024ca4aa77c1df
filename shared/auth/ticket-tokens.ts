// The ticket tokens derived from the help-desk secret (issue 18). The secret is read on first use,
// so routes that never need it keep working when it is missing (config.ts says what to fix), and
// then kept: every customer read checks a token, and the settings need not be parsed each time.
import type { TicketTokens } from '../domain/ports';
import { deriveToken, verifyDerivedToken } from './derived-token';

const MAIL_LINK = 'ticket-mail-link';
const INTAKE = 'ticket-intake';

export function ticketTokens(readSecret: () => string): TicketTokens {
  let known: string | undefined;
  // A failed read throws and is not kept, so a secret set later is picked up.
  const secret = () => (known ??= readSecret());
  return {
    mailLink: (number) => deriveToken(secret(), MAIL_LINK, number),
    isMailLink: (number, token) => verifyDerivedToken(secret(), token, MAIL_LINK, number),
    idempotentIntake: (keyHash, number) => deriveToken(secret(), INTAKE, keyHash, number),
  };
}
