import { httpFunction, onFirstCall } from '../shared/host/functions';

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
  handler: onFirstCall(() => import('./handlers/web-assets'), 'webAssets'),
});
