import { watchMailboxes } from '../../shared/app/graph-mailboxes';
import { services } from '../../shared/services';
import { graphMailboxDeps } from '../../shared/host/mailbox-intake';

/**
 * Keeps every Graph mailbox's subscription alive and catches up (issue 25): renewed for three days
 * each run (made anew when Graph removed it), then whatever waits in the inbox is taken, so a
 * notification Graph dropped waits at most one run.
 */
export async function graphSubscriptions(): Promise<void> {
  await watchMailboxes(graphMailboxDeps(await services()));
}
