// What taking mail from the help desk's own mailboxes needs from the services, for the IMAP fetch
// timer and the Graph functions alike (issues 24 and 25): the same intake, limits and size limit
// as the inbound webhook.
import { receiveEmail } from '../app/email-intake';
import { intakeScreen } from '../app/intake-limits';
import type { GraphMailboxDeps } from '../app/graph-mailboxes';
import type { MailboxFetchDeps } from '../app/mailbox-fetch';
import type { AuthenticityRule } from '../domain/mail-authenticity';
import { MAX_EMAIL_BYTES } from '../http/requests';
import { parseInboundEmail } from '../mail/inbound-parser';
import type { Services } from '../services';

const EXCHANGE_ONLINE: AuthenticityRule = { kind: 'topmost' };

export function mailboxTakeDeps(deps: Services): MailboxFetchDeps {
  // Counted per requester, as inbound mail is; there is no client address.
  const screen = intakeScreen(deps, { anonymous: true, clientAddress: null });
  return {
    ...deps,
    maxBytes: MAX_EMAIL_BYTES,
    intake: {
      parse: (raw) => parseInboundEmail(raw),
      // Exchange Online stamps its Authentication-Results, without an authserv-id, on top of every
      // message it receives: a Microsoft 365 mailbox trusts that one (mail-authenticity.ts).
      receive: (mail, mailbox) => receiveEmail(deps, mail, screen, mailbox.fetch.method === 'graph' ? EXCHANGE_ONLINE : deps.inboundMail.trust, mailbox),
    },
  };
}

/** What the Graph mailbox functions need (issue 25): the same, and Graph, the clientStates and the webhook's URL. */
export function graphMailboxDeps(deps: Services): GraphMailboxDeps {
  return { ...mailboxTakeDeps(deps), graph: deps.graph, clientStates: deps.graphClientStates, notificationUrl: deps.config.graph.notificationUrl };
}
