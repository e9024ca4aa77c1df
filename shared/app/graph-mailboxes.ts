// Microsoft 365 mailboxes through Graph (issue 25). Graph notifies the help desk of each new
// message in a mailbox's inbox within seconds; the webhook takes that one message through the same
// claim, intake and move as an IMAP fetch run (mailbox-fetch.ts). A rare timer keeps each
// mailbox's subscription alive (Graph's last at most 10,080 minutes for messages) and, every time,
// takes whatever waits in the inbox: a notification Graph dropped or never sent is picked up there.
import { DomainError } from '../domain/errors';
import { graphMailboxes } from '../domain/mailbox-fetch';
import type { Mailbox, MailboxStatus } from '../domain/model';
import type { GraphClientStates, GraphMailboxes, GraphSubscription } from '../domain/ports';
import type { GraphNotificationBody, LifecycleEvent } from '../schemas/graph';
import { fetchMailbox, saveStatus, type MailboxFetchDeps, type MailboxRunReport } from './mailbox-fetch';

export type GraphMailboxDeps = MailboxFetchDeps & {
  graph: GraphMailboxes;
  clientStates: GraphClientStates;
  /** The webhook's public URL (PUBLIC_BASE_URL + the route): Graph posts notifications there. */
  notificationUrl: string;
};

/**
 * How long a subscription is made or renewed for: three days, under Graph's ceiling of 10,080
 * minutes for Outlook messages ("subscription resource type", maximum length per resource), so a
 * timer every six hours gets eleven more chances before a subscription it failed to renew lapses.
 */
export const SUBSCRIPTION_LIFETIME_MS = 3 * 24 * 60 * 60_000;

export interface GraphWatchReport extends MailboxRunReport {
  subscription: GraphSubscription | null;
  /** Why the subscription could not be made or renewed, or null. */
  subscriptionError: string | null;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
const isGone = (err: unknown) => err instanceof DomainError && err.code === 'not_found';

/** The mailbox's subscription renewed, else made anew (a renewal of one Graph removed finds it gone). */
async function keepSubscription(deps: GraphMailboxDeps, mailbox: Mailbox, current: MailboxStatus['subscription']): Promise<GraphSubscription> {
  const expiresAt = new Date(deps.clock.now().getTime() + SUBSCRIPTION_LIFETIME_MS).toISOString();
  if (current) {
    try {
      return await deps.graph.renew(current.id, expiresAt);
    } catch (err) {
      if (!isGone(err)) throw err;
      deps.log.warn(`Mailbox '${mailbox.id}': its Graph subscription ${current.id} is gone; subscribing again`);
    }
  }
  return deps.graph.subscribe(mailbox.address, { notificationUrl: deps.notificationUrl, clientState: deps.clientStates.of(mailbox.id), expiresAt });
}

/**
 * One Graph mailbox: its subscription made or renewed, then what waits in its inbox taken (the
 * catch-up). Never throws: what went wrong is in the report and the mailbox's status.
 */
export async function watchMailbox(deps: GraphMailboxDeps, mailbox: Mailbox): Promise<GraphWatchReport> {
  const stored = await deps.directory.get('mailboxStatus', mailbox.id).catch(() => null);
  let subscription: GraphSubscription | null = null;
  let subscriptionError: string | null = null;
  try {
    subscription = await keepSubscription(deps, mailbox, stored?.value.subscription ?? null);
  } catch (err) {
    subscriptionError = describe(err);
    deps.log.warn(`Mailbox '${mailbox.id}' (${mailbox.address}): its Graph subscription could not be kept: ${subscriptionError}`);
  }
  const run = await fetchMailbox(deps, mailbox, async () => deps.graph.connect(mailbox.address));
  // Recorded after the catch-up, whose clean run would otherwise clear the subscription's error.
  const at = deps.clock.now().toISOString();
  try {
    await saveStatus(deps, mailbox.id, [
      subscription
        ? (s) => ({ ...s, subscription })
        : (s) => ({ ...s, lastError: { at, message: `The Graph subscription could not be made or renewed: ${subscriptionError}`.slice(0, 300) } }),
    ]);
  } catch (err) {
    deps.log.error(`Mailbox '${mailbox.id}': its subscription could not be recorded`, err);
  }
  return { ...run, subscription, subscriptionError };
}

/**
 * After an administrator adds or changes a mailbox: an active Graph one is subscribed (and caught
 * up) at once, so mail reaches it within seconds from now on, not from the timer's next run.
 */
export async function watchIfGraph(deps: GraphMailboxDeps, mailbox: Mailbox): Promise<void> {
  if (graphMailboxes([mailbox]).length > 0) await watchMailbox(deps, mailbox);
}

/** The timer's run: every active Graph mailbox, one after the other. */
export async function watchMailboxes(deps: GraphMailboxDeps): Promise<GraphWatchReport[]> {
  const reports: GraphWatchReport[] = [];
  for (const mailbox of graphMailboxes((await deps.directory.load()).mailboxes)) reports.push(await watchMailbox(deps, mailbox));
  return reports;
}

export interface NotificationsReport {
  /** Messages taken into tickets (or found taken already). */
  taken: number;
  /** Notifications not ours (an unknown clientState), or for a mailbox no longer active over Graph. */
  ignored: number;
  /**
   * True when a message could not be taken now (a store or Graph outage, a failed attempt): the
   * webhook answers 5xx, so Graph delivers the notification again (it retries for up to 4 hours).
   */
  retry: boolean;
}

/**
 * What Graph posted: each change notification's message taken on its own (claimed on its
 * immutable id, so a notification delivered twice, or beside a catch-up run, takes it once);
 * a lifecycle notification renews or remakes the subscription and catches up.
 */
export async function takeNotified(deps: GraphMailboxDeps, body: GraphNotificationBody): Promise<NotificationsReport> {
  const report: NotificationsReport = { taken: 0, ignored: 0, retry: false };
  const mailboxes = graphMailboxes((await deps.directory.load()).mailboxes);
  for (const notification of body.value) {
    const mailboxId = deps.clientStates.mailboxOf(notification.clientState);
    const mailbox = mailboxes.find((m) => m.id === mailboxId);
    if (!mailbox) {
      // A forged post, or a subscription of a mailbox since deleted: nothing to take, and nothing for Graph to retry.
      report.ignored++;
      deps.log.warn(`A Graph notification for subscription ${notification.subscriptionId} was ignored: ${mailboxId === null ? 'its clientState is not one of ours' : `mailbox '${mailboxId}' is not an active Graph mailbox`}`);
      continue;
    }
    // A change names the message by its immutable id (resourceData.id), as the subscription asked.
    const messageId = notification.resourceData?.id;
    const run = notification.lifecycleEvent
      ? await onLifecycle(deps, mailbox, notification.lifecycleEvent)
      : messageId
        ? await fetchMailbox(deps, mailbox, async () => deps.graph.connect(mailbox.address, messageId))
        : null;
    if (!run) {
      report.ignored++;
      continue;
    }
    report.taken += run.taken;
    if (run.error !== null || run.retrying > 0) report.retry = true;
  }
  return report;
}

async function onLifecycle(deps: GraphMailboxDeps, mailbox: Mailbox, event: LifecycleEvent): Promise<MailboxRunReport> {
  deps.log.info(`Mailbox '${mailbox.id}': Graph says ${event}`);
  // missed: some notifications were not sent, so read the inbox. The others need the subscription
  // renewed (a renewal reauthorizes it) or made again; watchMailbox does that and catches up too.
  return event === 'missed' ? fetchMailbox(deps, mailbox, async () => deps.graph.connect(mailbox.address)) : watchMailbox(deps, mailbox);
}
