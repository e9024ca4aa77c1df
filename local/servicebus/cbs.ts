// Claims-based security: the SDK puts a SAS token on `$cbs` for every entity before attaching to
// it. The emulator is for loopback use only, so any token is accepted; entity existence is
// checked when the link attaches, which is where Service Bus reports an unknown entity too.
import type { Message } from 'rhea';
import type { Reply } from './request-response';

export function handleCbsRequest(request: Message): Reply {
  const operation = request.application_properties?.operation as unknown;
  if (operation !== 'put-token') {
    return { status: 501, condition: 'amqp:not-implemented', description: `CBS operation '${String(operation)}' is not supported` };
  }
  return { status: 200, description: 'OK' };
}
