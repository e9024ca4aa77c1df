// The function files' way to the composition root. It is imported here, on the first call, not at
// the top of each function file: the composition root brings every SDK (Cosmos DB, Service Bus,
// Blob storage, mail, IMAP, Key Vault), and loading those at registration would make every cold
// start pay for all of them before the host can route a single request (issue 21).
import type { Services } from './composition';

export type { Services };

let loading: Promise<Services> | null = null;

/** The process's services, the composition root loaded on first use. */
export function services(): Promise<Services> {
  loading ??= import('./composition').then((composition) => composition.services());
  return loading;
}
