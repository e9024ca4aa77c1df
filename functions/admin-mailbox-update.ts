import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-mailbox-update', route: `${ADMIN_ROUTE}/mailboxes/{id}`, methods: ['PATCH'], authLevel: 'anonymous',
  doc: adminDoc('update', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', { body: 'MailboxPatchBody' }),
  handler: onFirstCall(() => import('./handlers/admin-mailbox-update'), 'adminMailboxUpdate'),
});
