import { httpFunction, onFirstCall } from '../shared/host/functions';
import { ADMIN_ROUTE } from '../shared/http/admin-route';
import { adminDoc } from '../shared/http/route-doc';

httpFunction({
  name: 'admin-mailboxes-create', route: `${ADMIN_ROUTE}/mailboxes`, methods: ['POST'], authLevel: 'anonymous',
  doc: adminDoc('create', 'mailbox (one the help desk fetches; its password stays in the vault, secretRef names it)', { body: 'MailboxCreateBody' }),
  handler: onFirstCall(() => import('./handlers/admin-mailboxes-create'), 'adminMailboxesCreate'),
});
