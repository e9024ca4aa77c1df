import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-mailbox-get', route: `${ADMIN_ROUTE}/mailboxes/{id}`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('get', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', { success: 'The mailbox with its fetch `status`: `lastFetchAt`, `lastSuccessAt`, `taken`, `failed`, `retrying`, `lastError` (null before the first fetch)' }),
  handler: onFirstCall(() => import('./handlers/admin-mailbox-get'), 'adminMailboxGet'),
});
