// What the application layer works with: ports only, chosen by the composition root.
import type { StaffTokenVerifier } from '../auth/jwt';
import type { AttachmentLimits } from '../domain/attachments';
import type { AuditLog } from '../domain/audit';
import type {
  AttachmentStore,
  ClaimStore,
  Clock,
  DirectoryStore,
  DueTimeScheduler,
  EventPublisher,
  IdempotencyStore,
  MailAddress,
  Mailer,
  TicketReferences,
  TicketStore,
} from '../domain/ports';

export interface Links {
  /** Where a customer opens their ticket with its access token. */
  customerTicket(number: string, accessToken: string): string;
  /** Where an agent opens a ticket. */
  staffTicket(number: string): string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export interface AppDeps {
  tickets: TicketStore;
  idempotency: IdempotencyStore;
  directory: DirectoryStore;
  clock: Clock;
  newId: () => string;
  staffTokens: StaffTokenVerifier;
  audit: AuditLog;
  ticketReferences: TicketReferences;
  events: EventPublisher;
  dueTimes: DueTimeScheduler;
  mailer: Mailer;
  claims: ClaimStore;
  mail: { from: MailAddress; messageIdDomain: string; links: Links };
  log: Logger;
  attachments: AttachmentStore;
  attachmentLimits: AttachmentLimits;
}
