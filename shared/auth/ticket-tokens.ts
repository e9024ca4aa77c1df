// The ticket tokens derived from the help-desk secret (issue 18). The secret is read on first use,
// so routes that never need it keep working when it is missing (config.ts says what to fix).
import type { TicketTokens } from '../domain/ports';
import { deriveToken, verifyDerivedToken } from './derived-token';

export function ticketTokens(secret: () => string): TicketTokens {
  return {
    mailLink: (number) => deriveToken(secret(), 'ticket-mail-link', number),
    isMailLink: (number, token) => verifyDerivedToken(secret(), token, 'ticket-mail-link', number),
    idempotentIntake: (keyHash, number) => deriveToken(secret(), 'ticket-intake', keyHash, number),
  };
}
