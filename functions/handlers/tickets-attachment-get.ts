import { downloadCustomerAttachment } from '../../shared/app/customer-tickets';
import { services } from '../../shared/services';
import { fileResponse } from '../../shared/http/files';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { attachmentId, ticketNumber } from '../../shared/http/request-context';
import { bearerToken } from '../../shared/http/requests';

/** A file on the customer's ticket (their messages and the agents' responses), as a download. */
export async function ticketsAttachmentGet(request: HttpRequest): Promise<HttpResponseInit> {
  const number = ticketNumber(request);
  return fileResponse(await downloadCustomerAttachment(await services(), number, bearerToken(request), attachmentId(request)));
}
