// The emulator keeps each message as the bytes the client sent and only rewrites what the broker
// owns (header delivery count, message annotations, dead-letter properties). Decoding to JS values
// and re-encoding would quietly change AMQP types (a long property coming back as an int, a uuid
// message id as binary), which the real service never does.
import { message as amqpMessage, types } from 'rhea';
import { bytesToUuid } from './lock-token';
import { encodeTyped, newReader, typedList, typedMap, typedNull, type Typed } from './rhea-internals';

const CODE = {
  header: 0x70,
  deliveryAnnotations: 0x71,
  messageAnnotations: 0x72,
  properties: 0x73,
  applicationProperties: 0x74,
  footer: 0x78,
} as const;

const SYMBOLIC_CODES: Record<string, number> = {
  'amqp:header:list': 0x70,
  'amqp:delivery-annotations:map': 0x71,
  'amqp:message-annotations:map': 0x72,
  'amqp:properties:list': 0x73,
  'amqp:application-properties:map': 0x74,
  'amqp:data:binary': 0x75,
  'amqp:amqp-sequence:list': 0x76,
  'amqp:value:*': 0x77,
  'amqp:footer:map': 0x78,
};

/** The batch format the SDK uses for createMessageBatch / sendMessages([...]). */
export const BATCH_MESSAGE_FORMAT = 0x80013700;

export interface MessageHeader {
  durable: boolean;
  priority: number;
  ttl?: number;
  firstAcquirer: boolean;
}

/** A message as stored: the client's sections, split where the broker needs to rewrite. */
export interface ParsedMessage {
  header: MessageHeader;
  /** Message annotations as sent (e.g. x-opt-scheduled-enqueue-time), keyed by symbol. */
  annotations: Map<string, Typed>;
  /** The properties section's bytes, if any (message id, subject, correlation id, ...). */
  properties: Buffer;
  /** Application properties as typed key/value pairs, so they can be extended without retyping. */
  applicationProperties: Typed[] | undefined;
  /** Body and footer sections, byte for byte. */
  rest: Buffer;
  messageId?: string;
}

interface Section {
  code: number;
  bytes: Buffer;
  value: Typed;
}

function splitSections(raw: Buffer): Section[] {
  const reader = newReader(raw);
  const sections: Section[] = [];
  while (reader.remaining() > 0) {
    const start = reader.position;
    const s = reader.read();
    const d: unknown = (s.descriptor as { value?: unknown } | undefined)?.value;
    const code = typeof d === 'number' ? d : typeof d === 'string' ? SYMBOLIC_CODES[d] : undefined;
    if (code === undefined) throw new Error('malformed AMQP message: section without a known descriptor');
    sections.push({ code, bytes: raw.subarray(start, reader.position), value: s });
  }
  return sections;
}

/** A described section's inner list/map items. */
function items(section: Typed): Typed[] {
  const inner: unknown = section.value;
  const list: unknown = inner && typeof inner === 'object' && 'value' in inner ? (inner as Typed).value : inner;
  return Array.isArray(list) ? (list as Typed[]) : [];
}

function unwrapped(t: Typed | undefined): unknown {
  return t === undefined ? undefined : types.unwrap(t);
}

function messageIdString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Buffer.isBuffer(v)) return v.length === 16 ? bytesToUuid(v) : v.toString('hex');
  return String(v);
}

export function parseMessage(raw: Buffer): ParsedMessage {
  const parsed: ParsedMessage = {
    header: { durable: false, priority: 4, firstAcquirer: false },
    annotations: new Map(),
    properties: Buffer.alloc(0),
    applicationProperties: undefined,
    rest: Buffer.alloc(0),
  };
  const rest: Buffer[] = [];
  for (const s of splitSections(raw)) {
    switch (s.code) {
      case CODE.header: {
        const f = items(s.value).map(unwrapped);
        parsed.header = {
          durable: f[0] === true,
          priority: typeof f[1] === 'number' ? f[1] : 4,
          ...(typeof f[2] === 'number' ? { ttl: f[2] } : {}),
          firstAcquirer: f[3] === true,
        };
        break;
      }
      case CODE.deliveryAnnotations:
        break; // hop-by-hop: not kept
      case CODE.messageAnnotations: {
        const kv = items(s.value);
        for (let i = 0; i + 1 < kv.length; i += 2) {
          parsed.annotations.set(String(unwrapped(kv[i])), kv[i + 1] as Typed);
        }
        break;
      }
      case CODE.properties:
        parsed.properties = Buffer.from(s.bytes);
        parsed.messageId = messageIdString(unwrapped(items(s.value)[0]));
        break;
      case CODE.applicationProperties:
        parsed.applicationProperties = items(s.value);
        break;
      default:
        rest.push(s.bytes);
    }
  }
  parsed.rest = Buffer.from(Buffer.concat(rest));
  return parsed;
}

function section(code: number, value: Typed): Typed {
  return types.described(types.wrap_ulong(code), value) as Typed;
}

function headerSection(h: MessageHeader, deliveryCount: number): Typed {
  return section(
    CODE.header,
    typedList([
      types.wrap_boolean(h.durable),
      types.wrap_ubyte(h.priority),
      h.ttl === undefined ? typedNull() : types.wrap_uint(h.ttl),
      types.wrap_boolean(h.firstAcquirer),
      types.wrap_uint(deliveryCount),
    ]),
  );
}

function applicationPropertiesBytes(props: Typed[] | undefined): Buffer {
  return props === undefined ? Buffer.alloc(0) : encodeTyped([section(CODE.applicationProperties, typedMap(props))]);
}

/** Serialises a stored message back to the bytes to keep (journal) — without broker annotations. */
export function serialiseMessage(p: ParsedMessage): Buffer {
  const annotationItems: Typed[] = [];
  for (const [k, v] of p.annotations) annotationItems.push(types.wrap_symbol(k), v);
  const head: Typed[] = [];
  if (p.header.durable || p.header.ttl !== undefined || p.header.priority !== 4) head.push(headerSection(p.header, 0));
  if (annotationItems.length > 0) head.push(section(CODE.messageAnnotations, typedMap(annotationItems)));
  return Buffer.concat([encodeTyped(head), p.properties, applicationPropertiesBytes(p.applicationProperties), p.rest]);
}

/** The bytes of a message as a receiver gets it: broker header and annotations, client's sections. */
export function encodeForDelivery(p: ParsedMessage, deliveryCount: number, brokerAnnotations: Record<string, Typed>): Buffer {
  const annotationItems: Typed[] = [];
  for (const [k, v] of p.annotations) {
    if (!(k in brokerAnnotations)) annotationItems.push(types.wrap_symbol(k), v);
  }
  for (const [k, v] of Object.entries(brokerAnnotations)) annotationItems.push(types.wrap_symbol(k), v);
  return Buffer.concat([
    encodeTyped([headerSection(p.header, deliveryCount), section(CODE.messageAnnotations, typedMap(annotationItems))]),
    p.properties,
    applicationPropertiesBytes(p.applicationProperties),
    p.rest,
  ]);
}

/** Adds (or replaces) application properties, e.g. DeadLetterReason; other properties keep their types. */
export function withApplicationProperties(p: ParsedMessage, extra: Record<string, unknown>): ParsedMessage {
  const existing = p.applicationProperties ?? [];
  const kept: Typed[] = [];
  for (let i = 0; i + 1 < existing.length; i += 2) {
    const key = String(unwrapped(existing[i]));
    if (!(key in extra)) kept.push(existing[i] as Typed, existing[i + 1] as Typed);
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) kept.push(types.wrap_string(k), types.wrap(v));
  }
  return { ...p, applicationProperties: kept };
}

/** The individual messages in a transfer: one, or the contents of an SDK batch. */
export function unpackTransfer(payload: Buffer, format: number): Buffer[] {
  if (format === 0) return [payload];
  if (format !== BATCH_MESSAGE_FORMAT) throw new Error(`unsupported message format 0x${format.toString(16)}`);
  const envelope = amqpMessage.decode(payload);
  const body: unknown = envelope.body;
  // rhea decodes data sections into a Section whose content is one buffer or, for several, an array.
  const content: unknown = body && typeof body === 'object' && 'content' in body ? (body as { content: unknown }).content : body;
  const parts = Array.isArray(content) ? content : [content];
  return parts.filter((b): b is Buffer => Buffer.isBuffer(b));
}

/** The time the SDK asked a message to be enqueued at (set by scheduleMessages), if any. */
export function scheduledEnqueueTime(p: ParsedMessage): number | undefined {
  const v = unwrapped(p.annotations.get('x-opt-scheduled-enqueue-time'));
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  return undefined;
}
