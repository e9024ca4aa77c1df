// How the osTicket-compatible routes answer: plain text, as osTicket does, since its clients
// (scripts, mail-piping programs) print the body or map the status to an exit code.
import { authorizeApiKey } from '../app/api-keys';
import type { Services } from '../composition';
import type { ApiKeyScope } from '../domain/api-keys';
import { DomainError } from '../domain/errors';
import type { HttpRequest, HttpResponseInit } from '../host/http-types';
import { clientAddress } from './request-context';
import { STATUS_BY_CODE } from './responses';

export const plainText = (status: number, body: string): HttpResponseInit => ({ status, body, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * Checks the X-API-Key first, as osTicket does (nobody without a key learns what a valid request
 * looks like): known, called from an allowed address as the platform saw it, and holding `scope`
 * (403 naming the scope otherwise). Then runs the route, and turns domain errors into plain-text
 * answers. A bad request is 400 here, where osTicket says 500.
 */
export async function asOsTicket(deps: Services, request: HttpRequest, scope: ApiKeyScope, route: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  try {
    await authorizeApiKey(deps, request.headers.get('x-api-key'), clientAddress(request), scope);
    return await route();
  } catch (err) {
    if (err instanceof DomainError) return plainText(STATUS_BY_CODE[err.code], err.message);
    throw err; // 500, logged by the adapter
  }
}
