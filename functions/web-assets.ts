import { isServedFile, serveWebFile } from '../clients/web/serve';
import { httpFunction, type HttpRequest, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** The pages' scripts and style sheet; only the listed files, never a path into the folder. */
export async function webAssets(request: HttpRequest): Promise<HttpResponseInit> {
  const file = request.params['file'] ?? '';
  if (!isServedFile(file) || file.endsWith('.html')) {
    return json(404, { error: { code: 'not_found', message: `No web file ${file}`, details: [] } });
  }
  return serveWebFile(request, file);
}

// A leading `/`: served from the site root, not below /api.
httpFunction({
  name: 'web-assets', route: '/web/{file}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: "The web pages' scripts and style sheet",
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'A script or style sheet (304 when the ETag still matches)', mediaType: 'application/octet-stream' },
    errors: [404],
  },
  handler: webAssets,
});
