import { downloadCustomerAttachment } from '../shared/app/customer-tickets';
import { services } from '../shared/services';
import { fileResponse } from '../shared/http/files';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { attachmentId, ticketNumber } from '../shared/http/request-context';
import { bearerToken } from '../shared/http/requests';

/** A file on the customer's ticket (their messages and the agents' responses), as a download. */
export async function ticketsAttachmentGet(request: HttpRequest): Promise<HttpResponseInit> {
  const number = ticketNumber(request);
  return fileResponse(await downloadCustomerAttachment(await services(), number, bearerToken(request), attachmentId(request)));
}

httpFunction({
  name: 'tickets-attachment-get', route: 'tickets/{number}/attachments/{attachmentId}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: "Download a file from the customer's ticket (on their messages and the agents' responses)",
    tag: 'customer',
    security: 'customer',
    success: { status: 200, description: 'The file, as a download (Content-Disposition: attachment) under its name', mediaType: 'application/octet-stream' },
    errors: [400, 401, 404],
  },
  handler: ticketsAttachmentGet,
});
