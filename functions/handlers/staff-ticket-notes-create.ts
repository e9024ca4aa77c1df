import { noteOnTicket } from '../../shared/app/staff-tickets';
import { services } from '../../shared/services';
import { readJsonWithFiles } from '../../shared/http/files';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { ifMatch, staffActor, ticketNumber } from '../../shared/http/request-context';
import { staffTicketResponse } from '../../shared/http/ticket-response';
import { NoteBody } from '../../shared/schemas/api';

/** An internal note, with files if any: for agents only, never shown to the customer. */
export async function staffTicketNotesCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const deps = await services();
  const actor = await staffActor(request);
  const number = ticketNumber(request);
  const { body, files } = await readJsonWithFiles(request, NoteBody, deps);
  return staffTicketResponse(201, await noteOnTicket(deps, actor, number, body.message, ifMatch(request), files), actor);
}
