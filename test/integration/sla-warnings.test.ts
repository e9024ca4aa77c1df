// Warnings before a breach on the local stack: a plan that warns before its due time sends the
// "approaching SLA" alert through the scheduled Service Bus timers, once, and the overdue alert
// after it, in that order.
import { quietPeriod, readOutbox, waitForLog, waitForMail } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let john: string;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  admin = await agentToken('admin@example.com');
  john = await agentToken('john@example.com');
});
afterAll(() => stack.stop());

test('the approaching-SLA warning arrives once, before the overdue alert', async () => {
  // Due 18 s after creation, around the clock; warned 15 s before, so about 3 s after creation
  // (or at once, if the timers are set late on a busy machine: still before the due time).
  const plan = await api.post('/admin/sla-plans', { name: 'Warned soon', gracePeriodHours: 0.005, warnBeforeMinutes: 0.25, scheduleId: '24-7' }, { token: admin });
  expect(plan.status).toBe(201);
  expect(plan.body.warnBeforeMinutes).toBe(0.25);
  expect((await api.post('/admin/sla-plans', { name: 'Bad warning', gracePeriodHours: 1, warnBeforeMinutes: 0 }, { token: admin })).status).toBe(400);
  const topic = await api.post('/admin/topics', { name: 'Warned request', departmentId: 'support', slaPlanId: plan.body.id }, { token: admin });
  const opened = await api.post('/tickets', { name: 'Wim Customer', email: 'wim@example.org', topicId: topic.body.id, subject: 'Laptop will not boot', message: 'Black screen.' });
  expect(opened.status).toBe(201);
  const number: string = opened.body.number;

  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${number} approaches its SLA`), 1, 30_000);
  const warned = (await api.get(`/staff/tickets/${number}`, { token: john })).body;
  expect(warned).toMatchObject({ slaWarningAt: expect.any(String), overdue: false });
  expect(Date.parse(warned.slaWarningAt)).toBeLessThan(Date.parse(warned.dueAt));

  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${number} is overdue`), 1, 30_000);
  const mine = (m: { subject: string }) => m.subject.endsWith(': Laptop will not boot') && (m.subject.includes('Approaching SLA') || m.subject.includes('Overdue'));
  await waitForMail(stack.mailOutbox, (all) => all.filter(mine).length >= 3, 15_000);
  await quietPeriod();
  // Unassigned: the warning goes to Support's agents; the overdue alert to its manager (John).
  // The outbox is in the order the mail left.
  expect((await readOutbox(stack.mailOutbox)).filter(mine).map((m) => `${m.to}: ${m.subject.replace(/^\[#\d+\] /, '')}`)).toEqual(
    expect.arrayContaining(['admin@example.com: Approaching SLA: Laptop will not boot', 'john@example.com: Approaching SLA: Laptop will not boot']),
  );
  const johns = (await readOutbox(stack.mailOutbox)).filter((m) => mine(m) && m.to === 'john@example.com').map((m) => m.subject.replace(/^\[#\d+\] /, ''));
  expect(johns).toEqual(['Approaching SLA: Laptop will not boot', 'Overdue: Laptop will not boot']);
  expect((await readOutbox(stack.mailOutbox)).filter(mine)).toHaveLength(3);

  // The thread tells the same story, in the same order.
  const overdue = (await api.get(`/staff/tickets/${number}`, { token: john })).body;
  expect(overdue.thread.filter((e: { type: string }) => e.type === 'event').map((e: { body: string }) => e.body)).toEqual([
    `SLA warning none → due ${overdue.dueAt}`,
    'overdue no → yes',
  ]);
  expect(stack.output().match(new RegExp(`\\[sla-timer\\] #${number} approaches its SLA`, 'g'))).toHaveLength(1);
});

test('on the breach the plan escalates: warning, then overdue, then the escalation, in that order', async () => {
  const plan = await api.post(
    '/admin/sla-plans',
    { name: 'Warned and escalated', gracePeriodHours: 0.005, warnBeforeMinutes: 0.25, scheduleId: '24-7', escalation: { priority: 'emergency', departmentId: 'sysadmin' } },
    { token: admin },
  );
  expect(plan.status).toBe(201);
  expect(plan.body.escalation).toEqual({ priority: 'emergency', departmentId: 'sysadmin' });
  expect((await api.post('/admin/sla-plans', { name: 'Escalates nowhere', gracePeriodHours: 1, escalation: { departmentId: 'nowhere' } }, { token: admin })).status).toBe(400);
  expect((await api.post('/admin/sla-plans', { name: 'Escalates to nothing', gracePeriodHours: 1, escalation: {} }, { token: admin })).status).toBe(400);
  const topic = await api.post('/admin/topics', { name: 'Escalated request', departmentId: 'support', slaPlanId: plan.body.id }, { token: admin });
  const opened = await api.post('/tickets', { name: 'Esa Customer', email: 'esa@example.org', topicId: topic.body.id, subject: 'Server room too warm', message: '31 degrees.' });
  expect(opened.status).toBe(201);
  const number: string = opened.body.number;

  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${number} is overdue`), 1, 45_000);
  const escalated = (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
  expect(escalated).toMatchObject({ overdue: true, priority: 'emergency', departmentId: 'sysadmin', assigneeId: null });
  const events = escalated.thread.filter((e: { type: string }) => e.type === 'event').map((e: { body: string }) => e.body);
  expect(events).toHaveLength(3);
  expect(events[0]).toBe(`SLA warning none → due ${escalated.dueAt}`);
  expect(events[1]).toBe('overdue no → yes');
  expect(events[2]).toMatch(/^escalated \(Warned and escalated\): priority \w+ → Emergency, department Support → System Administrators$/);

  // Mail: the warning to Support's agents first; then the overdue alert and the escalation, both
  // to whoever answers for the ticket now (System Administrators: its manager and its agents).
  const ours = (m: { subject: string }) => /^\[#\d+\] (Approaching SLA|Overdue|Escalated): Server room too warm$/.test(m.subject);
  await waitForMail(stack.mailOutbox, (all) => all.filter(ours).length >= 5, 15_000);
  await quietPeriod();
  const sent = (await readOutbox(stack.mailOutbox)).filter(ours).map((m) => `${m.to}: ${m.subject.replace(/^\[#\d+\] /, '').replace(/: Server room too warm$/, '')}`);
  expect(sent.slice(0, 2).sort()).toEqual(['admin@example.com: Approaching SLA', 'john@example.com: Approaching SLA']);
  expect(sent.slice(2).sort()).toEqual(['admin@example.com: Escalated', 'admin@example.com: Overdue', 'jane@example.com: Escalated']);
});
