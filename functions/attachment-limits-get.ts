import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'attachment-limits-get', route: 'attachments/limits', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The attachment limits this deployment enforces (ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT, ATTACHMENT_TYPES)',
    tag: 'customer',
    security: 'none',
    success: { status: 200, description: '`{ maxBytes, maxCount, allowedTypes }`' },
    errors: [],
  },
  handler: onFirstCall(() => import('./handlers/attachment-limits-get'), 'attachmentLimitsGet'),
});
