import { services } from '../shared/services';
import { httpFunction, type HttpResponseInit } from '../shared/host/functions';
import { json } from '../shared/http/responses';

/** The attachment limits this deployment enforces, so forms can say them before anything is sent. */
export async function attachmentLimitsGet(): Promise<HttpResponseInit> {
  const { maxBytes, maxCount, allowedTypes } = (await await services()).attachmentLimits;
  return json(200, { maxBytes, maxCount, allowedTypes }, { 'Cache-Control': 'public, max-age=300' });
}

httpFunction({
  name: 'attachment-limits-get', route: 'attachments/limits', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The attachment limits this deployment enforces (ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT, ATTACHMENT_TYPES)',
    tag: 'customer',
    security: 'none',
    success: { status: 200, description: '`{ maxBytes, maxCount, allowedTypes }`' },
    errors: [],
  },
  handler: attachmentLimitsGet,
});
