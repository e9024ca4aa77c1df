import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-ban-update', route: `${ADMIN_ROUTE}/bans/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'ban (an address or a whole domain that may open no ticket)', { body: 'BanPatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-ban-update'), 'adminBanUpdate'),
});
