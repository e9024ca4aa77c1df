import { serveWebFile } from '../../clients/web/serve';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';

/** The agent console: queues, a ticket with its thread, and the controls to work it. */
export async function webConsole(request: HttpRequest): Promise<HttpResponseInit> {
  return serveWebFile(request, 'console.html');
}
