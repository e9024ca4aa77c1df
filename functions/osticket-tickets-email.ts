import { intakeScreen } from '../shared/app/intake-limits';
import { receiveEmail } from '../shared/app/email-intake';
import { services } from '../shared/services';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { asOsTicket, plainText } from '../shared/http/osticket';
import { MAX_EMAIL_BYTES, readRaw } from '../shared/http/requests';
import { parseInboundEmail } from '../shared/mail/inbound-parser';
import { HEADER_TEXT } from '../shared/http/route-doc';

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

httpFunction({
  name: 'osticket-tickets-email', route: 'tickets.email', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: "Open a ticket, or reply to one, with a raw e-mail from osTicket's mail-piping scripts (automail.php/.pl); any Content-Type",
    tag: 'integrations',
    security: 'none',
    rawBody: { mediaType: 'message/rfc822', description: 'The whole e-mail as the MTA delivered it, at most 40 MB' },
    headers: [{ name: 'X-API-Key', schema: HEADER_TEXT, description: 'A key from POST /api/admin/api-keys with the scope mail:pipe, used from one of its allowed addresses (as the platform sees the caller, never X-Forwarded-For)', required: true }],
    success: {
      status: 201,
      description: 'The ticket number as plain text; empty for automated mail (auto-replies, bounces), and for a banned sender\'s mail, which are dropped but still 201 so the MTA neither retries nor bounces them. `X-Helpdesk-Action`: created, appended, ignored, rejected or rate-limited. 403 in plain text when the key lacks mail:pipe, naming it',
      mediaType: 'text/plain',
    },
    errors: [400, 401, 403, 413],
  },
  handler: osticketTicketsEmail,
});
