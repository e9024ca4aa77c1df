import { downloadStaffAttachment } from '../shared/app/staff-tickets';
import { services } from '../shared/services';
import { fileResponse } from '../shared/http/files';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { attachmentId, staffActor, ticketNumber } from '../shared/http/request-context';

/** A file on any entry of a ticket the agent may see, internal notes included, as a download. */
export async function staffTicketAttachmentGet(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  return fileResponse(await downloadStaffAttachment(await services(), actor, ticketNumber(request), attachmentId(request)));
}

httpFunction({
  name: 'staff-ticket-attachment-get', route: 'staff/tickets/{number}/attachments/{attachmentId}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'Download a file from any entry of a ticket the agent may see, internal notes included',
    tag: 'staff',
    security: 'staff',
    success: { status: 200, description: 'The file, as a download (Content-Disposition: attachment) under its name', mediaType: 'application/octet-stream' },
    errors: [400, 401, 403, 404],
  },
  handler: staffTicketAttachmentGet,
});
