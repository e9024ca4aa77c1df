// A staff ticket answered with its ETag, so the next change can be made conditional on it.
import type { Actor } from '../app/actor';
import { staffTicketView } from '../app/staff-views';
import { httpEtag } from '../app/ticket-writes';
import type { Ticket, Versioned } from '../domain/model';
import type { HttpResponseInit } from '../host/http-types';
import { json } from './responses';

export function staffTicketResponse(status: number, saved: Versioned<Ticket>, actor: Actor): HttpResponseInit {
  return json(status, staffTicketView(saved.value, actor.directory, new Date().toISOString()), { ETag: httpEtag(saved.etag) });
}
