import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-bans-list', route: `${ADMIN_ROUTE}/bans`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'ban (an address or a whole domain that may open no ticket)'),
  handler: onFirstCall(() => import('./handlers/admin-bans-list'), 'adminBansList'),
});
