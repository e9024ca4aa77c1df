// What the application layer works with: ports only, chosen by the composition root.
import type { StaffTokenVerifier } from '../auth/jwt';
import type { Clock, DirectoryStore, IdempotencyStore, TicketStore } from '../domain/ports';

export interface AppDeps {
  tickets: TicketStore;
  idempotency: IdempotencyStore;
  directory: DirectoryStore;
  clock: Clock;
  newId: () => string;
  staffTokens: StaffTokenVerifier;
}
