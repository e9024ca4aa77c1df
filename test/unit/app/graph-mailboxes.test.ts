// The Graph mailbox use cases over in-memory ports (issue 25): which subscription call each run
// makes, what the mailbox's status keeps, and when the webhook asks Graph to deliver again. Graph
// itself is a recording fake here; the adapter against the stand-in is tested in
// test/integration/graph-mailboxes.test.ts.
import { SUBSCRIPTION_LIFETIME_MS, takeNotified, watchMailbox, watchMailboxes, type GraphMailboxDeps } from '../../../shared/app/graph-mailboxes';
import type { MailboxIntake } from '../../../shared/app/mailbox-fetch';
import { graphClientStates } from '../../../shared/auth/graph-client-state';
import { DomainError } from '../../../shared/domain/errors';
import type { Mailbox } from '../../../shared/domain/model';
import type { GraphMailboxes, GraphSubscription, MailboxConnection } from '../../../shared/domain/ports';
import { MEMORY_SECRET, ManualClock, memoryApp } from '../../support/in-memory';
import { inboundEmail } from '../../support/mothers';

const MAILBOX: Mailbox = { kind: 'mailbox', id: 'contoso', name: 'Contoso', address: 'support@contoso.com', topicId: 'other', active: true, fetch: { method: 'graph' } };
const URL = 'https://help.example.com/api/mail/graph-notifications';

/** Graph as the use cases see it: an inbox of raw messages by id, and every call recorded. */
class FakeGraph implements GraphMailboxes {
  readonly calls: string[] = [];
  readonly inbox = new Map<string, Buffer>();
  readonly moved: [string, string][] = [];
  subscriptions = new Map<string, string>();
  failSubscribe: Error | null = null;
  private next = 0;

  async subscribe(mailbox: string, request: { notificationUrl: string; clientState: string; expiresAt: string }): Promise<GraphSubscription> {
    this.calls.push(`subscribe ${mailbox} ${request.notificationUrl} ${request.clientState} ${request.expiresAt}`);
    if (this.failSubscribe) throw this.failSubscribe;
    const id = `sub-${++this.next}`;
    this.subscriptions.set(id, request.expiresAt);
    return { id, expiresAt: request.expiresAt };
  }

  async renew(id: string, expiresAt: string): Promise<GraphSubscription> {
    this.calls.push(`renew ${id} ${expiresAt}`);
    if (!this.subscriptions.has(id)) throw new DomainError('not_found', `subscription ${id} is gone`);
    this.subscriptions.set(id, expiresAt);
    return { id, expiresAt };
  }

  connect(mailbox: string, onlyId?: string): MailboxConnection {
    this.calls.push(`connect ${mailbox}${onlyId ? ` ${onlyId}` : ''}`);
    return {
      waiting: async () => ({
        messages: [...this.inbox].filter(([id]) => onlyId === undefined || id === onlyId).map(([id, raw]) => ({ id, size: raw.length, raw })),
        more: onlyId !== undefined,
      }),
      move: async (id, folder) => {
        this.inbox.delete(id);
        this.moved.push([id, folder]);
      },
      close: async () => undefined,
    };
  }

  async sendMime(): Promise<void> {
    throw new Error('not used here');
  }
}

function setup(options: { intakeFails?: number } = {}) {
  const clock = new ManualClock();
  const app = { ...memoryApp({ clock }), clock };
  const graph = new FakeGraph();
  let failures = options.intakeFails ?? 0;
  const received: string[] = [];
  const intake: MailboxIntake = {
    parse: async (raw) => inboundEmail({ messageId: `<${raw.toString()}@example.org>`, subject: raw.toString() }),
    receive: async (mail) => {
      if (failures-- > 0) throw new DomainError('unavailable', 'the store is down');
      received.push(mail.subject);
      return { action: 'created', ticket: { number: '100001' }, reason: 'a new request' };
    },
  };
  const clientStates = graphClientStates(() => MEMORY_SECRET);
  const deps: GraphMailboxDeps = { ...app.deps, intake, maxBytes: 1024 * 1024, graph, clientStates, notificationUrl: URL };
  return { app, graph, deps, received, clientStates };
}

const notification = (clientState: string, id: string) => ({ subscriptionId: 'sub-1', clientState, changeType: 'created', resource: `Users/u/Messages/${id}`, resourceData: { id } });

describe('keeping the subscription', () => {
  test('the first run subscribes for three days with the derived clientState, records it, and takes what waits', async () => {
    const { app, graph, deps, received, clientStates } = setup();
    await app.directory.createIfAbsent(MAILBOX);
    graph.inbox.set('m1', Buffer.from('waiting'));
    const report = await watchMailbox(deps, MAILBOX);

    const expiresAt = new Date(app.clock.now().getTime() + SUBSCRIPTION_LIFETIME_MS).toISOString();
    expect(graph.calls).toEqual([`subscribe support@contoso.com ${URL} ${clientStates.of('contoso')} ${expiresAt}`, 'connect support@contoso.com']);
    expect(report).toMatchObject({ subscription: { id: 'sub-1', expiresAt }, subscriptionError: null, taken: 1 });
    expect(received).toEqual(['waiting']);
    expect(app.directory.stored('mailboxStatus', 'contoso').subscription).toEqual({ id: 'sub-1', expiresAt });
  });

  test('a later run renews the one it recorded; one Graph removed is made anew', async () => {
    const { app, graph, deps } = setup();
    await app.directory.createIfAbsent(MAILBOX);
    await watchMailboxes(deps);
    app.clock.advance(6 * 3_600_000);
    await watchMailboxes(deps);
    expect(graph.calls.filter((c) => !c.startsWith('connect')).map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual(['subscribe support@contoso.com', 'renew sub-1']);

    graph.subscriptions.clear(); // expired, or removed by Graph
    await watchMailboxes(deps);
    expect(app.directory.stored('mailboxStatus', 'contoso').subscription?.id).toBe('sub-2');
  });

  test('a subscription Graph refuses is in the status; the catch-up still runs', async () => {
    const { app, graph, deps, received } = setup();
    await app.directory.createIfAbsent(MAILBOX);
    graph.failSubscribe = new DomainError('unavailable', 'Graph subscription to support@contoso.com: 403 Forbidden');
    graph.inbox.set('m1', Buffer.from('still taken'));
    const report = await watchMailbox(deps, MAILBOX);
    expect(report).toMatchObject({ subscription: null, subscriptionError: expect.stringContaining('403'), taken: 1 });
    expect(received).toEqual(['still taken']);
    // The catch-up's clean run does not hide the subscription's problem from the status.
    expect(app.directory.stored('mailboxStatus', 'contoso').lastError?.message ?? '').toMatch(/^The Graph subscription could not be made or renewed: .*403/);
  });

  test('inactive and IMAP mailboxes are not subscribed', async () => {
    const { app, graph, deps } = setup();
    await app.directory.createIfAbsent({ ...MAILBOX, active: false });
    await app.directory.createIfAbsent({ ...MAILBOX, id: 'imap', address: 'imap@contoso.com', fetch: { method: 'imap', host: 'imap.contoso.com', port: 993, tls: true, username: 'x', secretRef: 'x' } });
    expect(await watchMailboxes(deps)).toEqual([]);
    expect(graph.calls).toEqual([]);
  });
});

describe('notifications', () => {
  test('a notified message is taken alone, and moved; a notification not ours is ignored without a call to Graph', async () => {
    const { app, graph, deps, received, clientStates } = setup();
    await app.directory.createIfAbsent(MAILBOX);
    graph.inbox.set('m1', Buffer.from('first'));
    graph.inbox.set('m2', Buffer.from('second'));
    const report = await takeNotified(deps, { value: [notification(clientStates.of('contoso'), 'm2'), notification('contoso.forged', 'm1')] });
    expect(report).toEqual({ taken: 1, ignored: 1, retry: false });
    expect(received).toEqual(['second']);
    expect(graph.moved).toEqual([['m2', 'helpdesk-processed']]);
    expect(graph.calls).toEqual(['connect support@contoso.com m2']);
  });

  test('a message the intake could not take now asks Graph to deliver again, and the next delivery takes it', async () => {
    const { app, graph, deps, received, clientStates } = setup({ intakeFails: 1 });
    await app.directory.createIfAbsent(MAILBOX);
    graph.inbox.set('m1', Buffer.from('busy'));
    const body = { value: [notification(clientStates.of('contoso'), 'm1')] };
    expect(await takeNotified(deps, body)).toMatchObject({ taken: 0, retry: true });
    expect(graph.inbox.has('m1')).toBe(true);
    expect(await takeNotified(deps, body)).toEqual({ taken: 1, ignored: 0, retry: false });
    expect(received).toEqual(['busy']);
  });

  test('a deleted mailbox\'s notifications are ignored: its clientState is still genuine, but there is nothing to take them into', async () => {
    const { graph, deps, clientStates } = setup();
    graph.inbox.set('m1', Buffer.from('orphan'));
    expect(await takeNotified(deps, { value: [notification(clientStates.of('contoso'), 'm1')] })).toEqual({ taken: 0, ignored: 1, retry: false });
    expect(graph.calls).toEqual([]);
  });

  test("'missed' catches up on the whole inbox; 'subscriptionRemoved' makes a new subscription", async () => {
    const { app, graph, deps, received, clientStates } = setup();
    await app.directory.createIfAbsent(MAILBOX);
    graph.inbox.set('m1', Buffer.from('never notified'));
    const lifecycle = (lifecycleEvent: string) => ({ value: [{ subscriptionId: 'sub-1', clientState: clientStates.of('contoso'), lifecycleEvent }] }) as Parameters<typeof takeNotified>[1];
    expect(await takeNotified(deps, lifecycle('missed'))).toMatchObject({ taken: 1 });
    expect(received).toEqual(['never notified']);
    expect(graph.calls).toEqual(['connect support@contoso.com']);

    await takeNotified(deps, lifecycle('subscriptionRemoved'));
    expect(graph.calls.filter((c) => c.startsWith('subscribe'))).toHaveLength(1);
  });
});
