import { declaredHttpFunctions, type HttpRequest, type HttpResponseInit } from '../../shared/host/functions';
import { openApiDocument } from '../../shared/http/openapi';
import { json } from '../../shared/http/responses';

/** The OpenAPI 3.1 document of every declared function, built from the request schemas. */
export async function openapiGet(request: HttpRequest): Promise<HttpResponseInit> {
  // The server is the site root the caller reached, so "Try it" tools call this very deployment.
  const origin = new URL(request.url).origin;
  // Public and identical for every caller: a short cache is safe (no token is involved).
  return json(200, openApiDocument(declaredHttpFunctions(), origin), { 'Cache-Control': 'public, max-age=300' });
}
