import { fetchMailboxes, type ImapFetchDeps } from '../../shared/app/mailbox-fetch';
import { services, type Services } from '../../shared/services';
import { mailboxTakeDeps } from '../../shared/host/mailbox-intake';

/** What an IMAP fetch run needs from the services. */
export function mailboxFetchDeps(deps: Services): ImapFetchDeps {
  return { ...mailboxTakeDeps(deps), reader: deps.mailboxReader, secrets: deps.secrets };
}

/**
 * Fetches every active IMAP mailbox (issue 24): what waits in each inbox goes through the same
 * e-mail intake as the inbound webhook, new tickets in the mailbox's topic, and is moved out.
 * Graph mailboxes are not polled: Graph notifies (graph-notifications.ts).
 */
export async function mailboxFetch(): Promise<void> {
  await fetchMailboxes(mailboxFetchDeps(await services()));
}
