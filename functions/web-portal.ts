import { httpFunction, onFirstCall } from '../shared/host/functions';

// A leading `/`: served from the site root, not below /api. The host names an empty route after
// the function (the portal would live at /web-portal), so the root is an optional parameter that
// can only be empty (Azure/Azure-Functions#2473).
httpFunction({
  name: 'web-portal', route: '/{ignored:maxlength(0)?}', methods: ['GET'], authLevel: 'anonymous',
  doc: {
    summary: 'The customer portal: open a ticket, follow it with the access link',
    tag: 'web',
    security: 'none',
    success: { status: 200, description: 'An HTML page', mediaType: 'text/html' },
    errors: [],
  },
  handler: onFirstCall(() => import('./handlers/web-portal'), 'webPortal'),
});
