// The AMQP 1.0 listener: accepts connections (SASL ANONYMOUS, plain TCP, as the SDK does with
// UseDevelopmentEmulator=true) and routes each attaching link by its address to the broker,
// $cbs or $management. Unknown entities are refused at attach, with the same condition and
// wording as Service Bus, so the SDK reports MessagingEntityNotFound.
import type { Server, Socket } from 'node:net';
import { create_container, type Connection, type EventContext, type Receiver, type Sender, type link } from 'rhea';
import type { Broker } from './broker';
import { handleCbsRequest } from './cbs';
import { attachConsumer } from './consumer-link';
import { parseAddress, type ParsedAddress } from './entities';
import { BrokerError, entityNotFound } from './errors';
import { handleManagementRequest, type ManagementScope } from './management';
import { attachProducer } from './producer-link';
import { ReplyLinks, type Reply } from './request-response';
import { completeAttach } from './rhea-internals';

/** Service Bus Standard tier's limit; the SDK refuses bigger messages and sizes batches by it. */
const MAX_MESSAGE_SIZE = 256 * 1024;

export interface AmqpServer {
  port: number;
  close(): Promise<void>;
}

function addressOf(terminus: { address?: unknown } | undefined): string {
  return typeof terminus?.address === 'string' ? terminus.address : '';
}

function describe(a: ParsedAddress): string {
  switch (a.kind) {
    case 'cbs':
      return '$cbs';
    case 'entity':
      return a.path;
    case 'deadletter':
      return `${a.path}/$DeadLetterQueue`;
    case 'management':
      return `${describe(a.of)}/$management`;
  }
}

export async function startAmqpServer(
  broker: Broker,
  opts: { host: string; port: number; log: (line: string) => void },
): Promise<AmqpServer> {
  const { log } = opts;
  let endpoint = `sb://${opts.host}:${opts.port}/`;
  const replies = new ReplyLinks();
  // Clean-ups per connection: consumer links to detach from their queues when the client goes.
  const cleanups = new Map<Connection, Set<() => void>>();
  const sockets = new Set<Socket>();

  const onClose = (connection: Connection, fn: () => void): (() => void) => {
    let set = cleanups.get(connection);
    if (!set) cleanups.set(connection, (set = new Set()));
    set.add(fn);
    return () => {
      if (set?.delete(fn)) fn();
    };
  };
  const connectionGone = (connection: Connection): void => {
    const set = cleanups.get(connection);
    cleanups.delete(connection);
    for (const fn of set ?? []) fn();
  };

  /** Completes the attach, echoing the peer's terminus and settle modes. */
  const accept = (l: link): void => {
    completeAttach(l, MAX_MESSAGE_SIZE);
    l.set_source(l.source ?? {});
    l.set_target(l.target ?? {});
  };
  const refuse = (l: link, e: BrokerError): void => {
    log(`attach '${l.name}' refused: ${e.message}`);
    l.close({ condition: e.condition, description: e.message });
  };
  const respond = (l: link, reply: Reply, connection: Connection, request: NonNullable<EventContext['message']>): void => {
    if (!replies.send(connection, request, reply)) log(`no reply link '${String(request.reply_to)}' for a request on '${l.name}'`);
  };

  const managementScope = (a: ParsedAddress): ManagementScope | undefined => {
    if (a.kind !== 'management') return undefined;
    const scope: ManagementScope = { path: describe(a.of), target: broker.sendTarget(a.of), queue: broker.receivable(a.of) };
    return scope.target || scope.queue ? scope : undefined;
  };

  const container = create_container({ id: 'servicebus-emulator' });

  // The client's receivers: our senders. Either a reply link for $cbs/$management or a consumer.
  container.on('sender_open', (ctx: EventContext) => {
    const sender = ctx.sender as Sender;
    const address = parseAddress(addressOf(sender.source));
    if (address.kind === 'cbs' || address.kind === 'management') {
      if (address.kind === 'management' && !managementScope(address)) return refuse(sender, entityNotFound(endpoint, describe(address.of)));
      accept(sender);
      replies.register(sender);
      sender.on('sender_close', () => replies.unregister(sender));
      return;
    }
    const queue = broker.receivable(address);
    if (!queue) return refuse(sender, entityNotFound(endpoint, describe(address)));
    const filter: unknown = (sender.source as { filter?: unknown } | undefined)?.filter;
    if (filter && typeof filter === 'object' && 'com.microsoft:session-filter' in filter) {
      // Better a clear refusal than a session receiver silently getting every message.
      return refuse(sender, new BrokerError('amqp:not-implemented', 'Sessions are not supported by the local Service Bus emulator.'));
    }
    accept(sender);
    const detach = onClose(sender.connection, attachConsumer(broker, queue, sender, log));
    sender.on('sender_close', detach);
    sender.on('sender_error', () => undefined);
  });

  // The client's senders: our receivers. $cbs and $management requests, or messages to an entity.
  container.on('receiver_open', (ctx: EventContext) => {
    const receiver = ctx.receiver as Receiver;
    const address = parseAddress(addressOf(receiver.target));
    if (address.kind === 'cbs') {
      accept(receiver);
      receiver.on('message', (m: EventContext) => {
        m.delivery?.accept();
        if (m.message) respond(receiver, handleCbsRequest(m.message), receiver.connection, m.message);
      });
    } else if (address.kind === 'management') {
      const scope = managementScope(address);
      if (!scope) return refuse(receiver, entityNotFound(endpoint, describe(address.of)));
      accept(receiver);
      receiver.on('message', (m: EventContext) => {
        m.delivery?.accept();
        if (m.message) respond(receiver, handleManagementRequest(broker, scope, m.message), receiver.connection, m.message);
      });
    } else {
      const target = broker.sendTarget(address);
      if (!target) return refuse(receiver, entityNotFound(endpoint, describe(address)));
      accept(receiver);
      attachProducer(broker, target, receiver, log);
    }
    receiver.on('receiver_error', () => undefined);
    // Credit only once the link is known to be good, so a refused sender never sees it as sendable.
    receiver.set_credit_window(500);
    receiver.add_credit(500);
  });

  container.on('disconnected', (ctx: EventContext) => connectionGone(ctx.connection));
  container.on('connection_close', (ctx: EventContext) => connectionGone(ctx.connection));
  for (const event of ['connection_error', 'session_error', 'sender_error', 'receiver_error', 'protocol_error'] as const) {
    container.on(event, (ctx: EventContext) => log(`${event}: ${String(ctx.error ?? ctx.connection.error ?? '')}`));
  }
  // rhea throws on an 'error' event nobody listens to (e.g. a client detaching with an error).
  container.on('error', (err: unknown) => log(`amqp error: ${String(err)}`));

  const server: Server = container.listen({
    host: opts.host,
    port: opts.port,
    // Server-side link defaults: settle incoming transfers ourselves (after journaling), grant
    // credit per link after the address checks, and keep 'modified' (abandon/defer) distinct
    // from 'released'.
    autoaccept: false,
    credit_window: 0,
    treat_modified_as_released: false,
    // Small request/response frames: without this, Nagle's algorithm meets the client's delayed
    // ACK and every settlement waits about 40 ms.
    tcp_no_delay: true,
  } as Parameters<typeof container.listen>[0]);
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  endpoint = `sb://${opts.host}:${port}/`;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const connection of [...cleanups.keys()]) connectionGone(connection);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
