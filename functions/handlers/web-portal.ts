import { serveWebFile } from '../../clients/web/serve';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** The customer portal: open a ticket, then follow and answer it with the access link. */
export async function webPortal(request: HttpRequest): Promise<HttpResponseInit> {
  return serveWebFile(request, 'portal.html');
}
