// What staff and customer functions read from every request: the caller, the ticket number, If-Match.
import type { Actor } from '../app/actor';
import { authenticateAgent } from '../app/sign-in';
import { services } from '../services';
import { CLIENT_IP_HEADER, parseClientIp } from '../domain/client-address';
import { AttachmentId, TicketNumber } from '../schemas/api';
import type { HttpRequest } from '../host/http-types';
import { bearerToken, parseWith } from './requests';

/** The signed-in agent; a request that may change something checks the agent's own stored record (see authenticateAgent). */
export async function staffActor(request: HttpRequest): Promise<Actor> {
  return authenticateAgent(await services(), bearerToken(request), { write: request.method !== 'GET' && request.method !== 'HEAD' });
}

export function ticketNumber(request: HttpRequest): string {
  return parseWith(TicketNumber, request.params['number'], 'ticket number');
}

export function ifMatch(request: HttpRequest): string | undefined {
  return request.headers.get('if-match') ?? undefined;
}

export function attachmentId(request: HttpRequest): string {
  return parseWith(AttachmentId, request.params['attachmentId'], 'attachment id');
}

/**
 * The caller's network address as the platform saw it: the `client-ip` header App Service's
 * front end writes (and overwrites when a client sends one), never X-Forwarded-For, whose first
 * entry the client writes (domain/client-address.ts names the source). The local host adds the
 * same header. Null when absent: an allow-list then refuses and the client limit does not count.
 */
export function clientAddress(request: HttpRequest): string | null {
  return parseClientIp(request.headers.get(CLIENT_IP_HEADER));
}
