import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'tickets-attachment-get', route: 'tickets/{number}/attachments/{attachmentId}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: "Download a file from the customer's ticket (on their messages and the agents' responses)",
    tag: 'customer',
    security: 'customer',
    success: { status: 200, description: 'The file, as a download (Content-Disposition: attachment) under its name', mediaType: 'application/octet-stream' },
    errors: [400, 401, 404],
  },
  handler: onFirstCall(() => import('./handlers/tickets-attachment-get'), 'ticketsAttachmentGet'),
});
