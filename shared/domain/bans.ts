// The ban list's rule, as osTicket applies it: no ticket from a banned address or from anyone at
// a banned domain (its subdomains too). Bans are directory entries, so the check reads the
// directory intake has loaded anyway: no extra store round trip per ticket.
import { forbidden, type DomainError } from './errors';
import type { Ban } from './model';

/** osTicket's answer to a banned sender, which its clients may look for. */
export const TICKET_DENIED = 'Ticket denied';

/** The ban that covers the address, if any. Compares lower case; a domain covers its subdomains. */
export function banFor(bans: readonly Ban[], address: string): Ban | undefined {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const domain = at < 0 ? '' : email.slice(at + 1);
  return bans.find((b) => (b.name.includes('@') ? b.name === email : domain === b.name || domain.endsWith(`.${b.name}`)));
}

export const ticketDenied = (): DomainError => forbidden(TICKET_DENIED);
