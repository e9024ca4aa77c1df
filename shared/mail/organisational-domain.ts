// The registrable ("organisational") domain of a host name, from the Public Suffix List that tldts
// ships: mail.example.co.uk → example.co.uk. DMARC's relaxed alignment compares these
// (RFC 7489 section 3.2).
import { getDomain } from 'tldts';

export function organisationalDomain(host: string): string | null {
  return getDomain(host, { allowPrivateDomains: false });
}
