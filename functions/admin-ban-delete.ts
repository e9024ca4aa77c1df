import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-ban-delete', route: `${ADMIN_ROUTE}/bans/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'ban (an address or a whole domain that may open no ticket)'),
  handler: onFirstCall(() => import('./handlers/admin-ban-delete'), 'adminBanDelete'),
});
