// Lifecycle events on the local stack: e-mails that say what happened, SLA timers that fire on
// time, nothing sent twice, failures that end in the dead letters.
import { ServiceBusClient } from '@azure/service-bus';
import { toCloudEvent } from '../../shared/schemas/events';
import { eventually, quietPeriod, readOutbox, waitForLog, waitForMail } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let john: string;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  john = await agentToken('john@example.com');
});
afterAll(() => stack.stop());

const open = async (subject: string) =>
  (await api.post('/tickets', { name: 'Maria Customer', email: 'maria@example.org', topicId: 'other', subject, message: 'The app closes after login.' })).body as {
    number: string;
    accessToken: string;
  };

const forTicket = (number: string) => (m: { subject: string }) => m.subject.includes(`[#${number}]`);
/** The notification function's line for one delivery of an event about this ticket. */
const notified = (number: string, type: string, messageId = '[^)]+') => new RegExp(`\\[events-notify\\] #${number} ${type} \\(message (${messageId})\\): (\\d+) e-mail\\(s\\) sent`);

test('a new ticket sends the customer an auto-response with the access link, and alerts the department', async () => {
  const t = await open('Mobile banking <b>crashes</b>');
  const mail = (await waitForMail(stack.mailOutbox, (all) => all.filter(forTicket(t.number)).length >= 3)).filter(forTicket(t.number));
  const auto = mail.find((m) => m.to === 'maria@example.org')!;
  // The auto-response carries nothing the requester wrote (a relay for spam otherwise): no subject, no name.
  expect(auto.subject).toBe(`[#${t.number}] We received your request`);
  expect(auto.from).toBe('helpdesk@localhost');
  expect(auto.messageId).toMatch(new RegExp(`^<ticket-${t.number}\\.`));
  expect(auto.date).toBeInstanceOf(Date);
  // Its link carries a token of its own, derived from the help-desk secret: not the 201 token, and
  // (issue 18) the one that proves the address and opens the agents' replies.
  const link = new RegExp(`/#ticket=${t.number}&token=([A-Za-z0-9_-]{43})`).exec(auto.text);
  expect(link).not.toBeNull();
  expect(link![1]).not.toBe(t.accessToken);
  expect((await api.get(`/tickets/${t.number}`, { token: link![1] })).body.addressVerified).toBe(true);
  expect(`${auto.text}${auto.html}`).not.toMatch(/Mobile banking|crashes|Maria/);
  // The agents' alert names the subject, escaped in its HTML part: nothing the customer typed becomes markup.
  const alert = mail.find((m) => m.to === 'john@example.com')!;
  expect(alert.subject).toBe(`[#${t.number}] New ticket: Mobile banking <b>crashes</b>`);
  expect(alert.html).toContain('Mobile banking &lt;b&gt;crashes&lt;/b&gt;');
  expect(alert.html).not.toContain('<b>');
  // Support's agents get the alert: John (Support) and the admin (extended access); Jane does not.
  const alerted = mail.filter((m) => m.subject.startsWith(`[#${t.number}] New ticket:`)).map((m) => m.to).sort();
  expect(alerted).toEqual(['admin@example.com', 'john@example.com']);
});

test('replies notify the customer, internal notes never do, and resolving sends the resolved notice', async () => {
  const t = await open('Notices');
  await waitForMail(stack.mailOutbox, (all) => all.filter(forTicket(t.number)).length >= 3);
  await api.post(`/staff/tickets/${t.number}/notes`, { message: 'secret internal remark' }, { token: john });
  await api.post(`/staff/tickets/${t.number}/replies`, { message: 'Please update the app.', status: 'resolved' }, { token: john });
  const mail = (await waitForMail(stack.mailOutbox, (all) => all.filter(forTicket(t.number)).length >= 5)).filter(forTicket(t.number));
  const toCustomer = mail.filter((m) => m.to === 'maria@example.org').map((m) => m.subject);
  expect(toCustomer).toEqual(expect.arrayContaining([`[#${t.number}] Notices`, `[#${t.number}] Resolved: Notices`]));
  expect(mail.some((m) => m.text.includes('secret internal remark'))).toBe(false);
  expect(mail.find((m) => m.subject === `[#${t.number}] Notices`)!.text).toContain('Please update the app.');
});

test('assignment and a customer reply alert the assignee', async () => {
  const t = await open('Assign me');
  await api.patch(`/staff/tickets/${t.number}`, { assigneeId: 'john' }, { token: await agentToken('admin@example.com') });
  await api.post(`/tickets/${t.number}/messages`, { message: 'Any news?' }, { token: t.accessToken });
  const mail = (await waitForMail(stack.mailOutbox, (all) => all.filter(forTicket(t.number)).filter((m) => m.to === 'john@example.com').length >= 3)).filter(forTicket(t.number));
  const johns = mail.filter((m) => m.to === 'john@example.com').map((m) => m.subject);
  expect(johns).toEqual(expect.arrayContaining([`[#${t.number}] Assigned to you: Assign me`, `[#${t.number}] New message from Maria Customer: Assign me`]));
});

test('a ticket whose due time passes becomes overdue on its own, and the overdue alert goes out', async () => {
  const t = await open('Due soon');
  await api.patch(`/staff/tickets/${t.number}`, { assigneeId: 'john' }, { token: john });
  const dueAt = new Date(Date.now() + 2_000).toISOString();
  expect((await api.patch(`/staff/tickets/${t.number}`, { dueAt }, { token: john })).status).toBe(200);
  // The timer marked it, not the 30 s sweep: only the timer function writes this line, and only
  // when it made the change (had the sweep been first, the timer would have logged "stale").
  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${t.number} is overdue`));
  const overdue = await api.get(`/staff/tickets/${t.number}`, { token: john });
  expect(overdue.body.overdue).toBe(true);
  expect(overdue.body.thread.at(-1)).toMatchObject({ type: 'event', author: { type: 'system' }, body: 'overdue no → yes' });
  const queue = await api.get(`/staff/tickets?queue=overdue&q=${t.number}`, { token: john });
  expect(queue.body.items.map((i: { number: string }) => i.number)).toEqual([t.number]);
  const isAlert = (m: { subject: string }) => m.subject === `[#${t.number}] Overdue: Due soon`;
  await waitForLog(stack.output, notified(t.number, 'overdue'));
  await quietPeriod(); // then look again: a late second alert would be in the outbox by now
  // The assignee (John) and Support's manager (John again): one alert, not two.
  expect((await readOutbox(stack.mailOutbox)).filter(isAlert).map((m) => m.to)).toEqual(['john@example.com']);
  expect(stack.output().match(new RegExp(`\\[sla-timer\\] #${t.number} is overdue`, 'g'))).toHaveLength(1);
});

test('a due time moved before it passes leaves a stale timer that does nothing', async () => {
  const t = await open('Moved');
  const first = new Date(Date.now() + 1_500).toISOString();
  await api.patch(`/staff/tickets/${t.number}`, { dueAt: first }, { token: john });
  await api.patch(`/staff/tickets/${t.number}`, { slaPlanId: 'sev-c' }, { token: john }); // due again from the plan: hours away
  // The old timer has fired and been handled: its outcome is in the log.
  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${t.number} timer for ${first.replace(/\./g, '\\.')}: stale`));
  const after = await api.get(`/staff/tickets/${t.number}`, { token: john });
  expect(after.body.overdue).toBe(false);
  expect(after.body.thread.some((e: { body: string }) => e.body.startsWith('overdue'))).toBe(false);
});

test('an event delivered twice sends each e-mail once', async () => {
  const t = await open('Delivered twice');
  await waitForMail(stack.mailOutbox, (all) => all.filter(forTicket(t.number)).length >= 3);
  const reply = await api.post(`/staff/tickets/${t.number}/replies`, { message: 'Once only' }, { token: john });
  expect(reply.status).toBe(201);
  await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.subject === `[#${t.number}] Delivered twice`));
  // Deliver the same response event again under another message id, past duplicate detection.
  const detail = (await api.get(`/staff/tickets/${t.number}`, { token: john })).body;
  const response = detail.thread.find((e: { type: string }) => e.type === 'response');
  const bus = new ServiceBusClient(stack.serviceBus);
  const sender = bus.createSender('ticket-events');
  const event = toCloudEvent({ id: `replayed-${t.number}`, type: 'response', ticketNumber: t.number, time: new Date().toISOString(), actor: { type: 'agent', id: 'john', name: 'John Smith' }, data: { entryId: response.id, assigneeId: null } });
  const ids = [`copy-1-${t.number}`, `copy-2-${t.number}`];
  try {
    await sender.sendMessages(ids.map((messageId) => ({ messageId, body: event, contentType: 'application/cloudevents+json' })));
    // Both copies handled: each has its line. One sent the notice, the other found the claim.
    const lines = await waitForLog(stack.output, notified(t.number, 'response', `copy-[12]-${t.number}`), 2);
    expect(lines.map((m) => m[1]).sort()).toEqual(ids);
    expect(lines.map((m) => Number(m[2])).sort()).toEqual([0, 1]);
  } finally {
    await sender.close();
    await bus.close();
  }
  await quietPeriod();
  const notices = (await readOutbox(stack.mailOutbox)).filter((m) => m.subject === `[#${t.number}] Delivered twice`);
  expect(notices).toHaveLength(2); // the original reply and the replayed event: one each, not three
});

// As in Azure (a Node.js function cannot dead-letter a message itself): a poison event is retried
// up to the subscription's maxDeliveryCount (10, as infra/main.bicep sets) and then dead-lettered
// by Service Bus as MaxDeliveryCountExceeded; the function's log says why each delivery failed.
test('poison on the bus is retried to the maximum delivery count, then dead-lettered by Service Bus, and the log says why', async () => {
  const bus = new ServiceBusClient(stack.serviceBus);
  const sender = bus.createSender('ticket-events');
  await sender.sendMessages({ messageId: 'poison-1', body: { hello: 'world' }, contentType: 'application/json' });
  const dlq = bus.createReceiver('ticket-events', 'notifications', { subQueueType: 'deadLetter' });
  const letters = await eventually(() => dlq.peekMessages(10), (m) => m.some((x) => x.messageId === 'poison-1'));
  const letter = letters.find((x) => x.messageId === 'poison-1')!;
  expect(letter.deadLetterReason).toBe('MaxDeliveryCountExceeded');
  expect(letter.deliveryCount).toBe(10);
  const failures = stack.output().split('\n').filter((l) => l.includes('[events-notify] poison message poison-1 failed'));
  expect(failures).toHaveLength(10);
  expect(failures[0]).toMatch(/not a help-desk CloudEvent/);
  await Promise.all([sender.close(), dlq.close()]);
  await bus.close();
});

test('an administrator switches the auto-response off, and new tickets get none; the change is audited', async () => {
  const admin = await agentToken('admin@example.com');
  expect((await api.patch('/admin/settings/notifications', { enabled: { autoResponse: false } }, { token: john })).status).toBe(403);
  expect((await api.patch('/admin/settings/notifications', { enabled: { autoRespond: false } }, { token: admin })).status).toBe(400);
  const off = await api.patch('/admin/settings/notifications', { enabled: { autoResponse: false } }, { token: admin });
  expect(off.status).toBe(200);
  expect(off.body.enabled).toMatchObject({ autoResponse: false, newTicketAlert: true });
  try {
    // The directory is cached for a few seconds in each process; the stack's host reads it fresh
    // after its own write, so the next ticket already sees the switch.
    const t = await open('No auto-response please');
    // The created event handled to the end (its line says how many went), then a quiet period,
    // then the outbox read afresh: an auto-response sent late, or third, would be in it.
    const [line] = await waitForLog(stack.output, notified(t.number, 'created'));
    expect(Number(line![2])).toBe(2);
    await quietPeriod();
    const mail = (await readOutbox(stack.mailOutbox)).filter(forTicket(t.number));
    expect(mail.map((m) => m.to).sort()).toEqual(['admin@example.com', 'john@example.com']);
    const audit = await api.get('/admin/audit?kind=settings', { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toMatchObject({ entityKind: 'settings', entityId: 'notifications', actor: { name: 'Admin' }, after: { enabled: { autoResponse: false } } });
  } finally {
    await api.patch('/admin/settings/notifications', { enabled: { autoResponse: true } }, { token: admin });
  }
});
