// The shapes that travel on the bus: lifecycle events as CloudEvents 1.0, and SLA timer messages.
// Anything that does not match is poison: it goes to the dead letters with the reason.
import { z } from 'zod';
import { EVENT_TYPES, type LifecycleEvent } from '../domain/model';

export const EVENT_TYPE_PREFIX = 'helpdesk.ticket.';
export const EVENT_SOURCE = '/helpdesk/tickets';

const Author = z.discriminatedUnion('type', [
  z.object({ type: z.literal('customer'), name: z.string(), email: z.string() }),
  z.object({ type: z.literal('agent'), id: z.string(), name: z.string() }),
  z.object({ type: z.literal('system'), name: z.string() }),
]);

export const CloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().startsWith(EVENT_TYPE_PREFIX),
  subject: z.string().regex(/^\d{6,9}$/),
  time: z.string(),
  datacontenttype: z.literal('application/json'),
  data: z.object({ actor: Author, details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) }),
});
export type CloudEvent = z.infer<typeof CloudEventSchema>;

export function toCloudEvent(e: LifecycleEvent): CloudEvent {
  return {
    specversion: '1.0',
    id: e.id,
    source: EVENT_SOURCE,
    type: `${EVENT_TYPE_PREFIX}${e.type}`,
    subject: e.ticketNumber,
    time: e.time,
    datacontenttype: 'application/json',
    data: { actor: e.actor, details: e.data },
  };
}

const EventType = z.enum(EVENT_TYPES);

/** A message body as the host or the SDK hands it over (object, JSON text or bytes), as a value. */
function jsonBody(body: unknown): { value: unknown } | { error: string } {
  try {
    const text = Buffer.isBuffer(body) || body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : body;
    return { value: typeof text === 'string' ? JSON.parse(text) : text };
  } catch {
    return { error: 'the body is not JSON' };
  }
}

/** Parses a message body back into a lifecycle event, or says why not. */
export function fromCloudEvent(body: unknown): { event: LifecycleEvent } | { error: string } {
  const json = jsonBody(body);
  if ('error' in json) return json;
  const parsed = CloudEventSchema.safeParse(json.value);
  if (!parsed.success) return { error: `not a help-desk CloudEvent: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const type = EventType.safeParse(parsed.data.type.slice(EVENT_TYPE_PREFIX.length));
  if (!type.success) return { error: `unknown event type ${parsed.data.type}` };
  const c = parsed.data;
  return { event: { id: c.id, type: type.data, ticketNumber: c.subject, time: c.time, actor: c.data.actor, data: c.data.details } };
}

export const SlaTimerMessage = z.object({
  ticketNumber: z.string().regex(/^\d{6,9}$/),
  dueAt: z.iso.datetime(),
  /** Absent on resolution timers (as before first-response targets existed). */
  target: z.enum(['resolution', 'firstResponse']).optional(),
  /** Present on a warning before the due time: when it was meant to arrive. */
  warnAt: z.iso.datetime().optional(),
});
export type SlaTimerMessage = z.infer<typeof SlaTimerMessage>;

/** Work on an SLA recompute job (shared/app/sla-recompute.ts), on the same queue as the timers. */
export const RecomputeMessage = z.object({ recomputeJobId: z.string().min(1).max(100) });

export function parseSlaTimer(body: unknown): { timer: SlaTimerMessage } | { recomputeJobId: string } | { error: string } {
  const json = jsonBody(body);
  if ('error' in json) return json;
  const recompute = RecomputeMessage.safeParse(json.value);
  if (recompute.success) return { recomputeJobId: recompute.data.recomputeJobId };
  const parsed = SlaTimerMessage.safeParse(json.value);
  return parsed.success ? { timer: parsed.data } : { error: `not an SLA timer message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
}
