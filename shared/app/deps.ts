// What the application layer works with: ports only, chosen by the composition root.
import type { AttachmentLimits } from '../domain/attachments';
import type { AuthenticityRule } from '../domain/mail-authenticity';
import type {
  AttachmentStore,
  AuditLog,
  ClaimStore,
  Clock,
  DirectoryStore,
  DueTimeScheduler,
  EventPublisher,
  IdempotencyStore,
  MailAddress,
  Mailer,
  StaffTokenVerifier,
  TicketReferences,
  TicketStore,
  TicketTokens,
} from '../domain/ports';

export interface Links {
  /** Where a customer opens their ticket with a token (the e-mailed links' own, TicketTokens.mailLink). */
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
  ticketTokens: TicketTokens;
  /** How inbound mail is judged authentic (mail-authenticity.ts): the trusted servers, and the public-suffix lookup. */
  inboundMail: { trust: AuthenticityRule; organisationalDomain(domain: string): string | null };
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
  /** Whether a mailbox may be fetched from a private or loopback host (MAILBOX_ALLOW_PRIVATE_HOSTS; the local stack's IMAP server is on loopback). */
  mailboxes: { allowPrivateHosts: boolean };
}
