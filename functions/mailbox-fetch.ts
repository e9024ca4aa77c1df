import { onFirstCall, timerFunction } from '../shared/host/functions';
import { mailboxFetchSchedule } from '../shared/config';

timerFunction({ name: 'mailbox-fetch', ...mailboxFetchSchedule(), handler: onFirstCall(() => import('./handlers/mailbox-fetch'), 'mailboxFetch') });
