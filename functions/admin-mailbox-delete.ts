import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-mailbox-delete', route: `${ADMIN_ROUTE}/mailboxes/{id}`, methods: ['DELETE'], authLevel: 'anonymous',
  doc: adminDoc('delete', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)'),
  handler: onFirstCall(() => import('./handlers/admin-mailbox-delete'), 'adminMailboxDelete'),
});
