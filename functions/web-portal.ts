import { serveWebFile } from '../clients/web/serve';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/http/functions';

/** The customer portal: open a ticket, then follow and answer it with the access link. */
export async function webPortal(request: HttpRequest): Promise<HttpResponseInit> {
  return serveWebFile(request, 'portal.html');
}

// A leading `/`: served from the site root, not below /api.
httpFunction({ name: 'web-portal', route: '/', methods: ['GET'], authLevel: 'anonymous', handler: webPortal });
