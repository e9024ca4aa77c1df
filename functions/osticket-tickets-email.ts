import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'osticket-tickets-email', route: 'tickets.email', methods: ['POST'], authLevel: 'anonymous',
  doc: {
    summary: "Open a ticket, or reply to one, with a raw e-mail from osTicket's mail-piping scripts (automail.php/.pl); any Content-Type",
    tag: 'integrations',
    security: 'none',
    rawBody: { mediaType: 'message/rfc822', description: 'The whole e-mail as the MTA delivered it, at most 40 MB' },
    headers: [{ name: 'X-API-Key', schema: 'HeaderText', description: 'A key from POST /api/admin/api-keys with the scope mail:pipe, used from one of its allowed addresses (as the platform sees the caller, never X-Forwarded-For)', required: true }],
    success: {
      status: 201,
      description: 'The ticket number as plain text; empty for automated mail (auto-replies, bounces), and for a banned sender\'s mail, which are dropped but still 201 so the MTA neither retries nor bounces them. `X-Helpdesk-Action`: created, appended, ignored, rejected or rate-limited. 403 in plain text when the key lacks mail:pipe, naming it',
      mediaType: 'text/plain',
    },
    errors: [400, 401, 403, 413],
  },
  handler: onFirstCall(() => import('./handlers/osticket-tickets-email'), 'osticketTicketsEmail'),
});
