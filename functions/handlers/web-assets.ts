import { isServedFile, serveWebFile } from '../../clients/web/serve';
import type { HttpRequest, HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** The pages' scripts and style sheet; only the listed files, never a path into the folder. */
export async function webAssets(request: HttpRequest): Promise<HttpResponseInit> {
  const file = request.params['file'] ?? '';
  if (!isServedFile(file) || file.endsWith('.html')) {
    return json(404, { error: { code: 'not_found', message: `No web file ${file}`, details: [] } });
  }
  return serveWebFile(request, file);
}
