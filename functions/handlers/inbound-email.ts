import { intakeScreen } from '../../shared/app/intake-limits';
import { receiveEmail } from '../../shared/app/email-intake';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { MAX_EMAIL_BYTES, readRaw } from '../../shared/http/requests';
import { json } from '../../shared/http/responses';
import { parseInboundEmail } from '../../shared/mail/inbound-parser';

/**
 * One raw e-mail from a mail service's inbound webhook: a new ticket, a message on the sender's
 * ticket, or ignored (automated mail). The host checks the function key before this runs.
 */
export async function inboundEmail(request: HttpRequest): Promise<HttpResponseInit> {
  const raw = await readRaw(request, { maxBytes: MAX_EMAIL_BYTES, types: ['message/rfc822'] });
  const mail = await parseInboundEmail(raw);
  const deps = await services();
  // Counted per requester; the client address is the mail service's, so it is not counted.
  const result = await receiveEmail(deps, mail, intakeScreen(deps, { anonymous: true, clientAddress: null }));
  return json(202, { ticket: result.ticket, action: result.action, reason: result.reason });
}
