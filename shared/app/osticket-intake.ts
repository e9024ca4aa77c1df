// osTicket's ticket-creation request, turned into our own intake: the same rules, events and
// notifications as any other customer ticket (source `api`).
import { DomainError, type ErrorDetail } from '../domain/errors';
import { messageFromOsTicket, osTicketFlag, priorityFromOsTicket, topicFromOsTicket, type MappingResult } from '../domain/osticket';
import type { Ticket } from '../domain/model';
import { MULTI_LINE, text } from '../schemas/text';
import { MAX_MESSAGE_CHARS } from '../schemas/api';
import type { OsTicketCreateBody } from '../schemas/osticket';
import { openCustomerTicket } from './customer-tickets';
import type { AppDeps } from './deps';

export const ATTACHMENTS_UNSUPPORTED = 'attachments are not supported yet';

const MessageText = text(MAX_MESSAGE_CHARS, 'message').regex(MULTI_LINE, {
  error: 'message must not contain control characters other than tabs and line breaks',
});

function valueOf<T>(result: MappingResult<T>, path: string, problems: ErrorDetail[]): T | undefined {
  if (result.ok) return result.value;
  problems.push({ path, message: result.message });
  return undefined;
}

/** Opens the ticket and returns it; every problem with the request is one 400 listing them all. */
export async function openOsTicket(deps: AppDeps, body: OsTicketCreateBody): Promise<Ticket> {
  const attachments = body.attachments;
  const hasAttachments = attachments !== undefined && (Array.isArray(attachments) ? attachments.length > 0 : Object.keys(attachments).length > 0);
  // Refused rather than dropped: a sender who thinks a file went with the ticket must find out.
  if (hasAttachments) throw new DomainError('validation_failed', ATTACHMENTS_UNSUPPORTED, [{ path: 'attachments', message: ATTACHMENTS_UNSUPPORTED }]);

  const problems: ErrorDetail[] = [];
  const topicId = valueOf(topicFromOsTicket(body.topicId), 'topicId', problems);
  const priority = valueOf(priorityFromOsTicket(body.priority), 'priority', problems);
  const decoded = valueOf(messageFromOsTicket(body.message), 'message', problems);
  let message: string | undefined;
  if (decoded !== undefined) {
    // The decoded text meets the same rules as a message sent to our own API.
    const checked = MessageText.safeParse(decoded.replace(/\r\n?/g, '\n'));
    if (checked.success) message = checked.data;
    else problems.push(...checked.error.issues.map((i) => ({ path: 'message', message: i.message })));
  }
  if (problems.length > 0 || topicId === undefined || message === undefined) {
    throw new DomainError('validation_failed', `Invalid body: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  const { ticket } = await openCustomerTicket(deps, {
    customer: { name: body.name, email: body.email.toLowerCase(), phone: body.phone || null },
    topicId,
    subject: body.subject,
    message,
    source: 'api',
    ...(priority ? { priority } : {}),
    // osTicket's `autorespond: false`: no auto-response for this ticket. `alert` (staff alerts)
    // is accepted but not honoured yet: the department still hears of every new ticket.
    ...(osTicketFlag(body.autorespond) === false ? { autoRespond: false } : {}),
  });
  return ticket;
}
