import { downloadStaffAttachment } from '../../shared/app/staff-tickets';
import { services } from '../../shared/services';
import { fileResponse } from '../../shared/http/files';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { attachmentId, staffActor, ticketNumber } from '../../shared/http/request-context';

/** A file on any entry of a ticket the agent may see, internal notes included, as a download. */
export async function staffTicketAttachmentGet(request: HttpRequest): Promise<HttpResponseInit> {
  const actor = await staffActor(request);
  return fileResponse(await downloadStaffAttachment(await services(), actor, ticketNumber(request), attachmentId(request)));
}
