// Pending on the local stack: an agent waits on the customer, the SLA clocks stop (a timer that
// fires meanwhile does nothing), the queues show the ticket as waiting, and the customer's reply
// starts the clocks again with both due times moved out by the time waited (24/7: wall time).
import { eventually, waitForLog } from '../support/mail';
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

const queue = async (name: string): Promise<string[]> =>
  (await api.get(`/staff/tickets?queue=${name}&limit=100`, { token: john })).body.items.map((t: { number: string }) => t.number);

/** The queues (of those named) that hold the ticket. */
async function queuesHolding(number: string): Promise<string[]> {
  const names = ['open', 'mine', 'unassigned', 'overdue', 'answered', 'pending', 'closed'];
  const held: string[] = [];
  for (const name of names) if ((await queue(name)).includes(number)) held.push(name);
  return held;
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

test('pending stops both SLA clocks and the customer reply resumes them, moved out by the time waited; the queues follow', async () => {
  const plan = await api.post('/admin/sla-plans', { name: 'Pending clock', gracePeriodHours: 18, firstResponseHours: 4, scheduleId: '24-7' }, { token: admin });
  expect(plan.status).toBe(201);
  // A first response due 0.36 s after creation: due long before the ticket waits, whenever it is applied.
  const instant = await api.post('/admin/sla-plans', { name: 'Pending clock, instant first response', gracePeriodHours: 18, firstResponseHours: 0.0001, scheduleId: '24-7' }, { token: admin });
  expect(instant.status).toBe(201);
  const topic = await api.post('/admin/topics', { name: 'Pending clock request', departmentId: 'support', slaPlanId: plan.body.id }, { token: admin });
  expect(topic.status).toBe(201);
  const opened = await api.post('/tickets', { name: 'Pia Customer', email: 'pia@example.org', topicId: topic.body.id, subject: 'VPN drops', message: 'The VPN drops every hour.' });
  expect(opened.status).toBe(201);
  const number: string = opened.body.number;
  const created = (await api.get(`/staff/tickets/${number}`, { token: john })).body;
  expect(await queuesHolding(number)).toEqual(['open', 'unassigned']);

  // The instant first response must already be due when the ticket starts waiting.
  await eventually(async () => Date.now(), (now) => now > Date.parse(created.createdAt) + 1_000);
  const waiting = await api.patch(`/staff/tickets/${number}`, { status: 'pending' }, { token: john });
  expect(waiting.status).toBe(200);
  expect(waiting.body).toMatchObject({ status: 'pending', pendingSince: expect.any(String), dueAt: created.dueAt });
  expect(waiting.body.thread.slice(-2).map((e: { body: string }) => e.body)).toEqual(['status open → pending', 'SLA clocks running → stopped (waiting on the customer)']);
  // Waiting on the customer: out of open and unassigned, in pending.
  expect(await queuesHolding(number)).toEqual(['pending']);
  const mine = await api.patch(`/staff/tickets/${number}`, { assigneeId: 'john' }, { token: john });
  expect(mine.body.status).toBe('pending');
  expect(await queuesHolding(number)).toEqual(['mine', 'pending']);

  // While pending, a plan whose first response is long past: its timer fires and does nothing.
  const replanned = await api.patch(`/staff/tickets/${number}`, { slaPlanId: instant.body.id }, { token: john });
  expect(replanned.status).toBe(200);
  const firstDue: string = replanned.body.firstResponseDueAt;
  expect(Date.parse(firstDue)).toBeLessThan(Date.parse(replanned.body.pendingSince));
  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${number} first response timer for ${firstDue.replace(/\./g, '\\.')}: paused`));
  const paused = (await api.get(`/staff/tickets/${number}`, { token: john })).body;
  expect(paused).toMatchObject({ status: 'pending', firstResponseOverdue: false, overdue: false, firstResponseDueAt: firstDue });

  // The customer answers: open again, both due times moved out by exactly the time waited.
  const answer = await api.post(`/tickets/${number}/messages`, { message: 'It dropped at 10:02 again.' }, { token: opened.body.accessToken });
  expect(answer.status).toBe(201);
  expect(answer.body.status).toBe('open');
  const resumed = (await api.get(`/staff/tickets/${number}`, { token: john })).body;
  const spell = resumed.slaPauses.at(-1);
  expect(spell.from).toBe(paused.pendingSince);
  const waited = Date.parse(spell.to) - Date.parse(spell.from);
  expect(waited).toBeGreaterThan(0);
  expect(resumed).toMatchObject({
    status: 'open',
    pendingSince: null,
    slaAnchorAt: created.slaAnchorAt,
    dueAt: plus(paused.dueAt, waited),
    firstResponseDueAt: plus(firstDue, waited),
  });
  const clockEntry = resumed.thread.find((e: { event?: { field: string; to: string | null } }) => e.event?.field === 'pendingSince' && e.event.to === null);
  expect(clockEntry.body).toMatch(/^SLA clocks stopped → running \(\d+ min of business time paused\)$/);
  expect(await queuesHolding(number)).toEqual(['open', 'mine']);

  // The clock runs again: the moved first-response target (created + 0.36 s + the time waited) is
  // already past, and the timer armed on leaving pending marks it now.
  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${number} first response is overdue`));
  const marked = (await api.get(`/staff/tickets/${number}`, { token: john })).body;
  expect(marked).toMatchObject({ status: 'open', firstResponseOverdue: true, firstResponseDueAt: resumed.firstResponseDueAt });
});
