import { intakeScreen } from '../../shared/app/intake-limits';
import { receiveEmail } from '../../shared/app/email-intake';
import { services } from '../../shared/services';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { asOsTicket, plainText } from '../../shared/http/osticket';
import { MAX_EMAIL_BYTES, readRaw } from '../../shared/http/requests';
import { parseInboundEmail } from '../../shared/mail/inbound-parser';

/**
 * osTicket's mail piping (`POST /api/tickets.email`, key in X-API-Key with the scope mail:pipe),
 * for `automail.php`/`.pl` behind an MTA: the raw e-mail as the body, whatever Content-Type the
 * script sends. A new
 * ticket or a reply answers 201 with the ticket number. Automated mail (auto-replies, bounces)
 * answers 201 too, with an empty body: those scripts turn any other status into an exit code
 * that makes the MTA retry or bounce the mail back, which is how mail loops start.
 */
export async function osticketTicketsEmail(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  return asOsTicket(deps, request, 'mail:pipe', async () => {
    const raw = await readRaw(request, { maxBytes: MAX_EMAIL_BYTES, types: 'any' });
    // The script is keyed, the mail's sender is not: counted per requester (rate-limited mail answers 201, empty).
    const result = await receiveEmail(deps, await parseInboundEmail(raw), intakeScreen(deps, { anonymous: true, clientAddress: null }));
    const answer = plainText(201, result.ticket?.number ?? '');
    return { ...answer, headers: { ...answer.headers, 'X-Helpdesk-Action': result.action } };
  });
}
