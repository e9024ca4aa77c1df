// The shapes the thin clients send and receive, derived from the server's own schemas and views
// (type-only imports: nothing of the server is bundled into a client), so a change to the API
// breaks the clients' type check instead of surprising them at run time.
import type { z } from 'zod';
import type { CustomerTicketView } from '../shared/app/customer-tickets';
import type { SlaReport } from '../shared/app/sla-report';
import type { withFetchStatus } from '../shared/app/mailbox-fetch';
import type { Mailbox } from '../shared/domain/model';
import type { listQueue } from '../shared/app/staff-tickets';
import type { directoryView, meView, staffTicketView } from '../shared/app/staff-views';
import type { ErrorBody } from '../shared/http/responses';
import type {
  CreateTicketBody,
  CustomerMessageBody,
  NoteBody,
  StaffReplyBody,
  TicketPatchBody,
} from '../shared/schemas/api';

export type Me = ReturnType<typeof meView>;
export type { SlaReport };
export type StaffDirectory = ReturnType<typeof directoryView>;
export type QueuePage = Awaited<ReturnType<typeof listQueue>>;
export type QueueItem = QueuePage['items'][number];
export type StaffTicket = ReturnType<typeof staffTicketView>;
export type ThreadEntry = StaffTicket['thread'][number];
export type CustomerTicket = CustomerTicketView;
export type ApiErrorBody = ErrorBody;
/** GET /api/admin/mailboxes: each mailbox with its fetch status (issue 24). */
export type MailboxWithStatus = Awaited<ReturnType<typeof withFetchStatus<Mailbox>>>[number];

export type NewTicket = z.input<typeof CreateTicketBody>;
export type CustomerMessage = z.input<typeof CustomerMessageBody>;
export type TicketPatch = z.input<typeof TicketPatchBody>;
export type StaffReply = z.input<typeof StaffReplyBody>;
export type Note = z.input<typeof NoteBody>;

export interface NewTicketAnswer {
  number: string;
  status: string;
  accessToken: string;
  dueAt: string | null;
  subject: string;
}
export interface Topic {
  id: string;
  name: string;
}
// The domain's constants are plain arrays with no imports: small enough to bundle into a page.
export { PRIORITIES, QUEUES, STATUSES, type Priority, type QueueName, type Status } from '../shared/domain/model';
// Pure and small: the report's medians read the same in the console as in the CLI.
export { medianText } from '../shared/domain/sla-report';
