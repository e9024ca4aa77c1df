import { services } from '../../shared/services';
import type { HttpResponseInit } from '../../shared/host/functions';
import { json } from '../../shared/http/responses';

/** The attachment limits this deployment enforces, so forms can say them before anything is sent. */
export async function attachmentLimitsGet(): Promise<HttpResponseInit> {
  const { maxBytes, maxCount, allowedTypes } = (await await services()).attachmentLimits;
  return json(200, { maxBytes, maxCount, allowedTypes }, { 'Cache-Control': 'public, max-age=300' });
}
