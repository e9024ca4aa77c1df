import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'staff-ticket-attachment-get', route: 'staff/tickets/{number}/attachments/{attachmentId}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Download a file from any entry of a ticket the agent may see, internal notes included',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: 'The file, as a download (Content-Disposition: attachment) under its name', mediaType: 'application/octet-stream' },
    errors: [400, 401, 403, 404],
  },
  handler: onFirstCall(() => import('./handlers/staff-ticket-attachment-get'), 'staffTicketAttachmentGet'),
});
