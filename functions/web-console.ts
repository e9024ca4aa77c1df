import { serveWebFile } from '../clients/web/serve';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';

/** The agent console: queues, a ticket with its thread, and the controls to work it. */
export async function webConsole(request: HttpRequest): Promise<HttpResponseInit> {
  return serveWebFile(request, 'console.html');
}

// A leading `/`: served from the site root, not below /api.
httpFunction({
  name: 'web-console', route: '/staff', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The agent console: queues, tickets, replies, notes',
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
    errors: [],
  },
  handler: webConsole,
});
