// $cbs and $management are request/response endpoints: the client sends a request on one link
// and expects the answer on its receiver link whose *name* equals the request's reply_to (the
// link's address is no help: the SDK leaves its target empty). Answers carry correlation_id =
// the request's message_id and the status in application properties.
import type { Connection, Message, Sender } from 'rhea';

export interface Reply {
  status: number;
  description?: string;
  /** AMQP error condition, for failures (e.g. com.microsoft:message-lock-lost). */
  condition?: string;
  body?: unknown;
}

export class ReplyLinks {
  private readonly byConnection = new WeakMap<Connection, Map<string, Sender>>();

  register(sender: Sender): void {
    let links = this.byConnection.get(sender.connection);
    if (!links) this.byConnection.set(sender.connection, (links = new Map()));
    links.set(sender.name, sender);
  }

  unregister(sender: Sender): void {
    const links = this.byConnection.get(sender.connection);
    if (links?.get(sender.name) === sender) links.delete(sender.name);
  }

  /** Sends the reply; false if the client has no open reply link by that name. */
  send(connection: Connection, request: Message, reply: Reply): boolean {
    const replyTo = typeof request.reply_to === 'string' ? request.reply_to : undefined;
    const link = replyTo === undefined ? undefined : this.byConnection.get(connection)?.get(replyTo);
    if (!link || !link.is_open()) return false;
    // Both spellings of each property: CBS clients read `status-code`, the SDK's management
    // client reads `statusCode` (e.g. 204 for an empty peek).
    const properties: Record<string, string | number> = {
      statusCode: reply.status,
      'status-code': reply.status,
      statusDescription: reply.description ?? (reply.status < 300 ? 'OK' : 'Error'),
      'status-description': reply.description ?? (reply.status < 300 ? 'OK' : 'Error'),
    };
    if (reply.condition) {
      properties.errorCondition = reply.condition;
      properties['error-condition'] = reply.condition;
    }
    link.send({ correlation_id: request.message_id, application_properties: properties, body: reply.body ?? null });
    return true;
  }
}
