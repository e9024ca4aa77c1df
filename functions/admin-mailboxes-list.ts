import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-mailboxes-list', route: `${ADMIN_ROUTE}/mailboxes`, methods: ['GET'], authLevel: 'anonymous',
  doc: adminDoc('list', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', { success: 'The mailbox list, each with its fetch `status`: `lastFetchAt`, `lastSuccessAt`, `taken`, `failed`, `retrying`, `lastError` (null before the first fetch)' }),
  handler: onFirstCall(() => import('./handlers/admin-mailboxes-list'), 'adminMailboxesList'),
});
