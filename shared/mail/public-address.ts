// Where the help desk connects for a mailbox's own IMAP or SMTP server (issues 24 and 25): only
// to public addresses, checked after name resolution.
import { lookup } from 'node:dns/promises';
import { DomainError } from '../domain/errors';
import { privateHostReason } from '../domain/outbound-hosts';

/**
 * The address to connect to. The admin API refuses a private host by name or literal; a public
 * name can still resolve to a private address (or be changed to, later), so the name is resolved
 * here and the connection goes to the address checked, with the name kept for TLS (SNI and the
 * certificate check).
 */
export async function publicAddress(host: string, protocol: 'IMAP' | 'SMTP'): Promise<string> {
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (err) {
    throw new DomainError('unavailable', `${protocol} ${host}: the name does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  for (const { address } of addresses) {
    const reason = privateHostReason(address);
    if (reason !== null) throw new DomainError('forbidden', `${protocol} ${host} resolves to ${address}, which ${reason}; the help desk reaches mail servers only on public hosts`);
  }
  return addresses[0]!.address;
}
