// The messages the bus adapter builds: what Service Bus and every consumer rely on.
import { eventMessage, slaTimerMessage } from '../../../shared/bus/service-bus';
import type { LifecycleEvent } from '../../../shared/domain/model';
import { fromCloudEvent, parseSlaTimer } from '../../../shared/schemas/events';

const event: LifecycleEvent = {
  id: '2f1c7e0a-8f3b-4a52-9d0e-1b2c3d4e5f60',
  type: 'priority.changed',
  ticketNumber: '123456',
  time: '2026-11-24T09:00:00.000Z',
  actor: { type: 'agent', id: 'jane', name: 'Jane Doe' },
  data: { from: 'normal', to: 'emergency' },
};

test('a lifecycle event travels as a CloudEvents 1.0 message whose id is the event id', () => {
  const m = eventMessage(event);
  expect(m.messageId).toBe(event.id); // duplicate detection drops a re-sent event
  expect(m.contentType).toBe('application/cloudevents+json');
  expect(m.subject).toBe('helpdesk.ticket.priority.changed');
  expect(m.applicationProperties).toEqual({ ticketNumber: '123456', eventType: 'helpdesk.ticket.priority.changed' });
  expect(m.body).toEqual({
    specversion: '1.0',
    id: event.id,
    source: '/helpdesk/tickets',
    type: 'helpdesk.ticket.priority.changed',
    subject: '123456',
    time: '2026-11-24T09:00:00.000Z',
    datacontenttype: 'application/json',
    data: { actor: { type: 'agent', id: 'jane', name: 'Jane Doe' }, details: { from: 'normal', to: 'emergency' } },
  });
});

test('a consumer reads the event back from the body, as an object, JSON text or bytes', () => {
  const body = eventMessage(event).body;
  expect(fromCloudEvent(body)).toEqual({ event });
  expect(fromCloudEvent(JSON.stringify(body))).toEqual({ event });
  expect(fromCloudEvent(Buffer.from(JSON.stringify(body)))).toEqual({ event });
});

test('anything else is poison, with the reason', () => {
  expect(fromCloudEvent('not json')).toEqual({ error: 'the body is not JSON' });
  expect(fromCloudEvent({ hello: 'world' })).toMatchObject({ error: expect.stringMatching(/^not a help-desk CloudEvent: specversion/) });
  const body = eventMessage(event).body as Record<string, unknown>;
  expect(fromCloudEvent({ ...body, type: 'helpdesk.ticket.exploded' })).toEqual({ error: 'unknown event type helpdesk.ticket.exploded' });
});

test('an SLA check is keyed by ticket and due time, so scheduling it twice is one check', () => {
  const m = slaTimerMessage('123456', '2026-11-24T10:00:00.000Z');
  expect(m).toEqual({
    messageId: '123456@2026-11-24T10:00:00.000Z',
    body: { ticketNumber: '123456', dueAt: '2026-11-24T10:00:00.000Z' },
    contentType: 'application/json',
    subject: 'sla.check',
    applicationProperties: { ticketNumber: '123456' },
  });
  expect(parseSlaTimer(m.body)).toEqual({ timer: m.body });
  // A deliberate repeat (a check delivered far too early) gets its own id past duplicate detection.
  expect(slaTimerMessage('123456', '2026-11-24T10:00:00.000Z', '1764000000000').messageId).toBe('123456@2026-11-24T10:00:00.000Z~1764000000000');
  expect(parseSlaTimer({ ticketNumber: 'x', dueAt: 'soon' })).toMatchObject({ error: expect.stringMatching(/^not an SLA timer message/) });
});

test('the warning before a due time has an id of its own, so it is not taken for the check at the due time', () => {
  const w = slaTimerMessage('123456', '2026-11-24T10:00:00.000Z', undefined, 'firstResponse', '2026-11-24T09:00:00.000Z');
  expect(w.messageId).toBe('123456@2026-11-24T10:00:00.000Z#firstResponse!warning');
  expect(w.body).toEqual({ ticketNumber: '123456', dueAt: '2026-11-24T10:00:00.000Z', target: 'firstResponse', warnAt: '2026-11-24T09:00:00.000Z' });
  expect(parseSlaTimer(w.body)).toEqual({ timer: w.body });
  expect(slaTimerMessage('123456', '2026-11-24T10:00:00.000Z', undefined, 'resolution', '2026-11-24T09:00:00.000Z').messageId).toBe('123456@2026-11-24T10:00:00.000Z!warning');
});
