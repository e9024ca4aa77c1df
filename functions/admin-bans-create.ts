import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-bans-create', route: `${ADMIN_ROUTE}/bans`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'ban (an address or a whole domain that may open no ticket)', { body: 'BanCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-bans-create'), 'adminBansCreate'),
});
