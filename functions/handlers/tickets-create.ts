import { intakeScreen } from '../../shared/app/intake-limits';
import { openCustomerTicket } from '../../shared/app/customer-tickets';
import { services } from '../../shared/services';
import { readJsonWithFiles } from '../../shared/http/files';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { clientAddress } from '../../shared/http/request-context';
import { parseWith } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { CreateTicketBody, IdempotencyKey } from '../../shared/schemas/api';

/**
 * A customer opens a ticket, with files if any. The same Idempotency-Key returns the same ticket,
 * never a second one.
 */
export async function ticketsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const rawKey = request.headers.get('idempotency-key');
  const key = rawKey === null ? undefined : parseWith(IdempotencyKey, rawKey, 'Idempotency-Key header');
  const { body, files } = await readJsonWithFiles(request, CreateTicketBody, deps);
  const { ticket, accessToken, created } = await openCustomerTicket(
    deps,
    {
      customer: { name: body.name, email: body.email.toLowerCase(), phone: body.phone || null },
      topicId: body.topicId,
      subject: body.subject,
      message: body.message,
      source: 'api',
      ...(body.priority ? { priority: body.priority } : {}),
      files,
    },
    key,
    // Anonymous: counted per requester and per client address (issue 19).
    intakeScreen(deps, { anonymous: true, clientAddress: clientAddress(request) }),
  );
  return json(
    201,
    {
      number: ticket.number,
      status: ticket.status,
      accessToken,
      dueAt: ticket.dueAt,
      subject: ticket.subject,
      topicId: ticket.topicId,
      priority: ticket.priority,
      createdAt: ticket.createdAt,
    },
    { Location: `/api/tickets/${ticket.number}`, ...(created ? {} : { 'Idempotent-Replayed': 'true' }) },
  );
}
