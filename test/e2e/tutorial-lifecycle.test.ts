// The lifecycle a help-desk tutorial walks through, over real HTTP against the local stack:
// intake, extended access, assignment and communication, working the issue, resolution.
import { emailedToken } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
});
afterAll(() => stack.stop());

test('a customer ticket about mobile banking goes from intake to closed', async () => {
  const admin = await agentToken('admin@example.com');
  const jane = await agentToken('jane@example.com');

  // Intake: the customer opens three tickets from the topics on the form.
  const topics = (await api.get('/topics')).body.topics as { id: string; name: string }[];
  expect(topics.map((t) => t.name)).toEqual(expect.arrayContaining(['Password Reset', 'Other']));
  const open = (topicId: string, subject: string, message: string) =>
    api.post('/tickets', { name: 'Maria Customer', email: 'maria@example.org', phone: '+1 555 0100', topicId, subject, message });
  const first = await open('password-reset', 'Cannot reset my password', 'The reset link has expired.');
  const banking = await open('other', 'Mobile banking app crashes', 'The app closes right after I log in.');
  const third = await open('pc-issues', 'Laptop fan is loud', 'It sounds like a jet.');
  expect([first, banking, third].map((r) => r.status)).toEqual([201, 201, 201]);
  expect(banking.body).toMatchObject({ status: 'open', number: expect.stringMatching(/^\d{6}$/), accessToken: expect.any(String) });
  const number = banking.body.number as string;
  const customerToken = banking.body.accessToken as string;

  // Jane works System Administrators only: the Support tickets are not hers to see yet.
  expect((await api.get(`/staff/tickets/${number}`, { token: jane })).status).toBe(403);
  expect((await api.get('/staff/tickets?queue=open', { token: jane })).body.items).toEqual([]);

  // The admin gives Jane extended access to Support and a stronger role.
  const granted = await api.patch('/admin/agents/jane', { roleId: 'expanded', extendedAccess: [{ departmentId: 'support', roleId: 'expanded' }] }, { token: admin });
  expect(granted.status).toBe(200);
  const me = (await api.get('/staff/me', { token: jane })).body;
  expect(me.departments.map((x: { name: string }) => x.name)).toEqual(['System Administrators', 'Support']);
  expect(me.departments[1].permissions).toEqual(expect.arrayContaining(['ticket.edit', 'ticket.close']));

  // Jane sees the three tickets and finds the mobile-banking one.
  const queue = (await api.get('/staff/tickets?queue=open', { token: jane })).body;
  expect(queue.items.map((t: { number: string }) => t.number).sort()).toEqual([first.body.number, number, third.body.number].sort());
  const found = (await api.get('/staff/tickets?queue=open&q=mobile', { token: jane })).body;
  expect(found.items.map((t: { number: string }) => t.number)).toEqual([number]);

  // Emergency, SLA SEV-A, transferred to System Administrators and assigned to herself: one action.
  const detail = await api.get(`/staff/tickets/${number}`, { token: jane });
  const changed = await api.patch(
    `/staff/tickets/${number}`,
    { priority: 'emergency', slaPlanId: 'sev-a', departmentId: 'sysadmin', assigneeId: 'jane' },
    { token: jane, headers: { 'if-match': detail.headers.get('etag')! } },
  );
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ priority: 'emergency', slaPlanId: 'sev-a', departmentName: 'System Administrators', assigneeName: 'Jane Doe' });
  expect(Date.parse(changed.body.dueAt) - Date.parse(changed.body.createdAt)).toBe(3_600_000);
  const events = changed.body.thread.filter((e: { type: string }) => e.type === 'event').map((e: { body: string }) => e.body);
  expect(events).toEqual(expect.arrayContaining(['priority Normal → Emergency', 'SLA plan Default → SEV-A', 'department Support → System Administrators', 'assignee none → Jane Doe']));
  expect((await api.get('/staff/tickets?queue=mine', { token: jane })).body.items.map((t: { number: string }) => t.number)).toEqual([number]);

  // Communication: a reply to the customer, an internal note, the customer answers.
  expect((await api.post(`/staff/tickets/${number}/replies`, { message: 'We are looking into it. Which phone do you use?' }, { token: jane })).status).toBe(201);
  expect((await api.post(`/staff/tickets/${number}/notes`, { message: 'Probably the new login SDK; checking logs.' }, { token: jane })).status).toBe(201);
  expect((await api.get('/staff/tickets?queue=answered', { token: jane })).body.items.map((t: { number: string }) => t.number)).toContain(number);
  const customerReply = await api.post(`/tickets/${number}/messages`, { message: 'An Android phone, version 14.' }, { token: customerToken });
  expect(customerReply.status).toBe(201);

  // Resolution: a second reply that resolves, then closing.
  const resolved = await api.post(`/staff/tickets/${number}/replies`, { message: 'Fixed in version 5.2.1 of the app. Please update.', status: 'resolved' }, { token: jane });
  expect(resolved.body).toMatchObject({ status: 'resolved', answered: true, resolvedAt: expect.any(String) });
  const closed = await api.patch(`/staff/tickets/${number}`, { status: 'closed' }, { token: jane });
  expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });

  // The customer follows the link from the auto-response e-mail (which also proves the address)
  // and sees the public thread, without the note or the staff events.
  const view = await api.get(`/tickets/${number}`, { token: await emailedToken(stack.mailOutbox, number) });
  expect(view.status).toBe(200);
  expect(view.body.status).toBe('closed');
  expect(view.body.thread.map((e: { type: string; body: string }) => `${e.type}: ${e.body}`)).toEqual([
    'message: The app closes right after I log in.',
    'response: We are looking into it. Which phone do you use?',
    'message: An Android phone, version 14.',
    'response: Fixed in version 5.2.1 of the app. Please update.',
  ]);
  expect(JSON.stringify(view.body)).not.toContain('login SDK');

  // The ticket has left the open queue and appears among the closed ones.
  const openNumbers = (await api.get('/staff/tickets?queue=open', { token: jane })).body.items.map((t: { number: string }) => t.number);
  expect(openNumbers).not.toContain(number);
  const closedNumbers = (await api.get('/staff/tickets?queue=closed', { token: jane })).body.items.map((t: { number: string }) => t.number);
  expect(closedNumbers).toEqual([number]);

  // And the whole story is in the staff thread, in order.
  const story = (await api.get(`/staff/tickets/${number}`, { token: jane })).body.thread.map((e: { type: string }) => e.type);
  expect(story).toEqual(['message', 'event', 'event', 'event', 'event', 'event', 'response', 'note', 'message', 'response', 'event', 'event', 'event']);
});
