import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'inbound-email', route: 'inbound/email', methods: ['POST'], authLevel: 'function',
  doc: {
    summary: "One raw e-mail from a mail service's inbound webhook: opens a ticket, appends to the sender's ticket, or is ignored (automated mail)",
    tag: 'integrations',
    security: 'functionKey',
    rawBody: { mediaType: 'message/rfc822', description: 'The whole e-mail as received (headers, blank line, body), at most 40 MB; its files are kept within the attachment limits, and the others named in the message' },
    success: { status: 202, description: '`{ ticket: { number } | null, action: "created" | "appended" | "ignored" | "rejected" (a banned sender) | "rate-limited" (over an intake limit), reason }`' },
    errors: [400, 401, 413, 415],
  },
  handler: onFirstCall(() => import('./handlers/inbound-email'), 'inboundEmail'),
});
