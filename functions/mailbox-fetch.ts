import { receiveEmail } from '../shared/app/email-intake';
import { intakeScreen } from '../shared/app/intake-limits';
import { fetchMailboxes, type MailboxFetchDeps } from '../shared/app/mailbox-fetch';
import { services, type Services } from '../shared/services';
import { mailboxFetchSchedule } from '../shared/config';
import { timerFunction } from '../shared/host/functions';
import { MAX_EMAIL_BYTES } from '../shared/http/requests';
import { parseInboundEmail } from '../shared/mail/inbound-parser';

/** What a fetch run needs from the services: the same intake and limits as the inbound webhook. */
export function mailboxFetchDeps(deps: Services): MailboxFetchDeps {
  // Counted per requester, as inbound mail is; there is no client address.
  const screen = intakeScreen(deps, { anonymous: true, clientAddress: null });
  return {
    ...deps,
    reader: deps.mailboxReader,
    maxBytes: MAX_EMAIL_BYTES,
    intake: {
      parse: (raw) => parseInboundEmail(raw),
      receive: (mail, mailbox) => receiveEmail(deps, mail, screen, deps.inboundMail.trust, mailbox.topicId),
    },
  };
}

/**
 * Fetches every active IMAP mailbox (issue 24): what waits in each inbox goes through the same
 * e-mail intake as the inbound webhook, new tickets in the mailbox's topic, and is moved out.
 */
export async function mailboxFetch(): Promise<void> {
  await fetchMailboxes(mailboxFetchDeps(await services()));
}

timerFunction({ name: 'mailbox-fetch', ...mailboxFetchSchedule(), handler: mailboxFetch });
