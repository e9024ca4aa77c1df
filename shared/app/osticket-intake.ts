// osTicket's ticket-creation request, turned into our own intake: the same rules, events and
// notifications as any other customer ticket (source `api`).
import { DomainError, type ErrorDetail } from '../domain/errors';
import { attachmentsFromOsTicket, messageFromOsTicket, osTicketFlag, priorityFromOsTicket, topicFromOsTicket, type MappingResult } from '../domain/osticket';
import type { Ticket } from '../domain/model';
import { MULTI_LINE, text } from '../schemas/text';
import { MAX_MESSAGE_CHARS } from '../schemas/api';
import type { OsTicketCreateBody } from '../schemas/osticket';
import { prepareUploads } from './attachments';
import { openCustomerTicket } from './customer-tickets';
import type { AppDeps } from './deps';
import { UNSCREENED, type IntakeScreen } from './intake-limits';

const MessageText = text(MAX_MESSAGE_CHARS, 'message').regex(MULTI_LINE, {
  error: 'message must not contain control characters other than tabs and line breaks',
});

function valueOf<T>(result: MappingResult<T>, path: string, problems: ErrorDetail[]): T | undefined {
  if (result.ok) return result.value;
  problems.push({ path, message: result.message });
  return undefined;
}

/** Opens the ticket and returns it; every problem with the request is one 400 listing them all. */
export async function openOsTicket(deps: Pick<AppDeps, 'attachmentLimits' | 'attachments' | 'clock' | 'directory' | 'idempotency' | 'newId' | 'ticketTokens' | 'tickets'>, body: OsTicketCreateBody, screen: IntakeScreen = UNSCREENED): Promise<Ticket> {
  const problems: ErrorDetail[] = [];
  // Loaded here, on the first osTicket request, so registering the functions does not load it (issue 21).
  const { htmlToText } = await import('../mail/html-to-text');
  const uploads = valueOf(attachmentsFromOsTicket(body.attachments), 'attachments', problems);
  const topicId = valueOf(topicFromOsTicket(body.topicId), 'topicId', problems);
  const priority = valueOf(priorityFromOsTicket(body.priority), 'priority', problems);
  const decoded = valueOf(messageFromOsTicket(body.message, (html) => htmlToText(html).text), 'message', problems);
  let message: string | undefined;
  if (decoded !== undefined) {
    // The decoded text meets the same rules as a message sent to our own API.
    const checked = MessageText.safeParse(decoded.replace(/\r\n?/g, '\n'));
    if (checked.success) message = checked.data;
    else problems.push(...checked.error.issues.map((i) => ({ path: 'message', message: i.message })));
  }
  if (problems.length > 0 || topicId === undefined || message === undefined || uploads === undefined) {
    throw new DomainError('validation_failed', `Invalid body: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  // Refused as a whole when a file breaks a limit: the sender must learn that it did not go.
  const files = prepareUploads(deps, uploads);
  const { ticket } = await openCustomerTicket(deps, {
    customer: { name: body.name, email: body.email.toLowerCase(), phone: body.phone || null },
    topicId,
    subject: body.subject,
    message,
    source: 'api',
    ...(priority ? { priority } : {}),
    // osTicket's `autorespond: false` and `alert: false`: no auto-response, no new-ticket alert.
    ...(osTicketFlag(body.autorespond) === false ? { autoRespond: false } : {}),
    ...(osTicketFlag(body.alert) === false ? { alert: false } : {}),
    files,
  }, undefined, screen);
  return ticket;
}
