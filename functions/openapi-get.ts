import { httpFunction, onFirstCall } from '../shared/host/functions';

httpFunction({
  name: 'openapi-get', route: 'openapi.json', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'This document',
    tag: 'operations',
    security: 'none',
    success: { status: 200, description: 'The OpenAPI 3.1 document of every route' },
    errors: [],
  },
  handler: onFirstCall(() => import('./handlers/openapi-get'), 'openapiGet'),
});
