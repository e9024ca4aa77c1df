// `<entity>/$management` operations the SDK uses: peek, schedule, cancel scheduled, renew lock,
// settle by lock token (update-disposition) and receive deferred messages by sequence number.
// Request and answer shapes follow what @azure/service-bus 7.9.5's ManagementClient sends/reads.
import { types, type Message } from 'rhea';
import type { Broker, Settlement } from './broker';
import { BrokerError, asBrokerError } from './errors';
import { bytesToUuid, uuidToBytes } from './lock-token';
import type { MessageQueue, SendTarget } from './message-queue';
import type { Reply } from './request-response';

/** What a `<path>/$management` link can act on. */
export interface ManagementScope {
  path: string;
  target?: SendTarget; // queue or topic: schedule / cancel
  queue?: MessageQueue; // queue, subscription or dead-letter queue: peek, locks, deferred
}

type Body = Record<string, unknown>;

function bodyOf(request: Message): Body {
  const b: unknown = request.body;
  return b && typeof b === 'object' && !Buffer.isBuffer(b) && !Array.isArray(b) ? (b as Body) : {};
}

function argumentError(what: string): BrokerError {
  return new BrokerError('com.microsoft:argument-error', what);
}

/** A long from the wire: rhea gives numbers, or 8-byte big-endian buffers for very large values. */
function toLong(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (Buffer.isBuffer(v) && v.length === 8) return Number(v.readBigInt64BE(0));
  throw argumentError(`${what} must be a long`);
}

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw argumentError(`${what} must be an array`);
  return v;
}

function lockTokens(body: Body): string[] {
  return list(body['lock-tokens'], 'lock-tokens').map((t) => {
    if (Buffer.isBuffer(t) && t.length === 16) return bytesToUuid(t);
    if (typeof t === 'string') return t.toLowerCase();
    throw argumentError('lock-tokens must be uuids');
  });
}

/** 8-byte big-endian longs in an AMQP array, as the service answers schedule-message. */
function longArray(values: number[]): unknown {
  return types.wrap_array(
    values.map((n) => {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(n));
      return b;
    }),
    0x81,
    undefined,
  );
}

function need<T>(v: T | undefined, scope: ManagementScope, op: string): T {
  if (v === undefined) throw new BrokerError('amqp:not-allowed', `'${op}' is not supported on '${scope.path}'`);
  return v;
}

function propertiesToModify(body: Body): Record<string, unknown> | undefined {
  const p = body['properties-to-modify'];
  return p && typeof p === 'object' && !Array.isArray(p) && !Buffer.isBuffer(p) ? (p as Record<string, unknown>) : undefined;
}

function settlementFrom(body: Body): Settlement {
  const status = body['disposition-status'];
  const properties = propertiesToModify(body);
  switch (status) {
    case 'completed':
      return { kind: 'complete' };
    case 'abandoned':
      return { kind: 'abandon', properties };
    case 'defered': // sic: the SDK's (and service's) spelling
    case 'deferred':
      return { kind: 'defer', properties };
    case 'suspended':
      return {
        kind: 'deadletter',
        reason: typeof body['deadletter-reason'] === 'string' ? body['deadletter-reason'] : undefined,
        description: typeof body['deadletter-description'] === 'string' ? body['deadletter-description'] : undefined,
        properties,
      };
    default:
      throw argumentError(`unknown disposition-status '${String(status)}'`);
  }
}

function operate(broker: Broker, scope: ManagementScope, operation: string, body: Body): Reply {
  switch (operation) {
    case 'com.microsoft:peek-message': {
      const q = need(scope.queue, scope, operation);
      const from = toLong(body['from-sequence-number'], 'from-sequence-number');
      const count = typeof body['message-count'] === 'number' ? body['message-count'] : 1;
      const found = broker.peek(q, from, count);
      if (found.length === 0) return { status: 204, description: 'No messages' };
      return { status: 200, body: { messages: found.map((message) => ({ message })) } };
    }
    case 'com.microsoft:schedule-message': {
      const target = need(scope.target, scope, operation);
      const entries = list(body.messages, 'messages');
      const raws = entries.map((e) => {
        const m = e && typeof e === 'object' ? (e as Body).message : undefined;
        if (!Buffer.isBuffer(m)) throw argumentError('each scheduled message must carry encoded message bytes');
        return m;
      });
      return { status: 200, body: { 'sequence-numbers': longArray(broker.schedule(target, raws)) } };
    }
    case 'com.microsoft:cancel-scheduled-message': {
      const target = need(scope.target, scope, operation);
      const seqs = list(body['sequence-numbers'], 'sequence-numbers').map((s) => toLong(s, 'sequence-numbers'));
      broker.cancelScheduled(target, seqs);
      return { status: 200 };
    }
    case 'com.microsoft:renew-lock': {
      need(scope.queue, scope, operation);
      const expirations = lockTokens(body).map((t) => broker.renewLock(t));
      return { status: 200, body: { expirations: types.wrap_array(expirations, 0x83, undefined) } };
    }
    case 'com.microsoft:update-disposition': {
      need(scope.queue, scope, operation);
      const settlement = settlementFrom(body);
      for (const t of lockTokens(body)) broker.settle(t, settlement)?.();
      return { status: 200 };
    }
    case 'com.microsoft:receive-by-sequence-number': {
      const q = need(scope.queue, scope, operation);
      const seqs = list(body['sequence-numbers'], 'sequence-numbers').map((s) => toLong(s, 'sequence-numbers'));
      const receiveAndDelete = body['receiver-settle-mode'] === 0;
      const messages = broker.receiveDeferred(q, seqs, receiveAndDelete).map((r) => {
        const entry: Record<string, unknown> = { message: r.bytes };
        if (r.lockToken) entry['lock-token'] = types.wrap_uuid(uuidToBytes(r.lockToken));
        return entry;
      });
      return { status: 200, body: { messages } };
    }
    default:
      throw new BrokerError('amqp:not-implemented', `The management operation '${operation}' is not supported by the local emulator.`);
  }
}

export function handleManagementRequest(broker: Broker, scope: ManagementScope, request: Message): Reply {
  const operation = request.application_properties?.operation as unknown;
  try {
    return operate(broker, scope, typeof operation === 'string' ? operation : '', bodyOf(request));
  } catch (err) {
    const e = asBrokerError(err);
    return { status: e.statusCode, condition: e.condition, description: e.message };
  }
}
