// Lock tokens are UUIDs. On the wire Service Bus puts them in the delivery tag in .NET's Guid byte
// order (the first three groups little-endian), and the SDK swaps them back before showing the
// token; in $management bodies they travel as AMQP uuids in standard (RFC 4122) byte order.
import { randomUUID } from 'node:crypto';

export function newLockToken(): string {
  return randomUUID();
}

/** Standard byte order, as in an AMQP uuid. */
export function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a uuid: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

export function bytesToUuid(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Swaps between standard and .NET Guid byte order (the swap is its own inverse). */
function swapGuidOrder(b: Buffer): Buffer {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Buffer.from(order.map((i) => b[i] ?? 0));
}

/** The delivery tag the SDK turns back into `token`. */
export function lockTokenToDeliveryTag(token: string): Buffer {
  return swapGuidOrder(uuidToBytes(token));
}

export function deliveryTagToLockToken(tag: Buffer | string): string | undefined {
  const bytes = typeof tag === 'string' ? Buffer.from(tag) : tag;
  if (bytes.length !== 16) return undefined;
  return bytesToUuid(swapGuidOrder(bytes));
}
