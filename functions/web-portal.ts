import { serveWebFile } from '../clients/web/serve';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';

/** The customer portal: open a ticket, then follow and answer it with the access link. */
export async function webPortal(request: HttpRequest): Promise<HttpResponseInit> {
  return serveWebFile(request, 'portal.html');
}

// A leading `/`: served from the site root, not below /api. The host names an empty route after
// the function (the portal would live at /web-portal), so the root is an optional parameter that
// can only be empty (Azure/Azure-Functions#2473).
httpFunction({
  name: 'web-portal', route: '/{ignored:maxlength(0)?}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The customer portal: open a ticket, follow it with the access link',
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
    errors: [],
  },
  handler: webPortal,
});
