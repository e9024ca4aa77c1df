// SLA targets in business hours on the local stack: schedules through the admin API, due times
// counted in another time zone with a holiday, and a first-response timer that fires, alerts once
// and is cleared by the agent's reply.
import { eventually, quietPeriod, readOutbox, waitForLog, waitForMail } from '../support/mail';
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

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Tokyo has kept UTC+9 without daylight saving since 1951, so this test's own count is plain arithmetic. */
const TOKYO_OFFSET = 9 * HOUR;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const tokyoDate = (utcMs: number) => isoDay(utcMs + TOKYO_OFFSET);
const tokyoWeekday = (utcMs: number) => new Date(utcMs + TOKYO_OFFSET).getUTCDay(); // 0 Sunday ... 6 Saturday

/**
 * The oracle, independent of the calculator: walk second by second from the anchor, counting the
 * seconds that fall Monday to Friday 09:00-18:00 Tokyo time on a day that is not a holiday.
 */
function tokyoDue(anchorIso: string, hours: number, holidays: string[]): string {
  let t = Date.parse(anchorIso);
  let left = hours * HOUR;
  while (left > 0) {
    const local = new Date(t + TOKYO_OFFSET);
    const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
    const open = tokyoWeekday(t) >= 1 && tokyoWeekday(t) <= 5 && minuteOfDay >= 9 * 60 && minuteOfDay < 18 * 60 && !holidays.includes(tokyoDate(t));
    // Step to the next whole second (the anchor has milliseconds), counting it if open.
    const step = 1000 - (t % 1000);
    if (open) {
      const take = Math.min(step, left);
      left -= take;
      if (left === 0) return new Date(t + take).toISOString();
    }
    t += step;
  }
  return new Date(t).toISOString();
}

test('a ticket under a Monday-Friday schedule in Tokyo with a holiday counts both targets in Tokyo business hours', async () => {
  // The next working day in Tokyo is a holiday: 18 business hours (two days of nine) always reach past it.
  let day = Date.now() + DAY;
  while (tokyoWeekday(day) === 0 || tokyoWeekday(day) === 6) day += DAY;
  const holiday = tokyoDate(day);
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];

  const created = await api.post(
    '/admin/schedules',
    { name: 'Tokyo office', timezone: 'Asia/Tokyo', hours: weekdays.map((d) => ({ day: d, start: '09:00', end: '18:00' })), holidays: [{ date: holiday, name: 'Office closed' }] },
    { token: admin },
  );
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ id: 'tokyo-office', timezone: 'Asia/Tokyo' });
  expect((await api.post('/admin/schedules', { name: 'tokyo office', timezone: 'UTC', hours: [{ day: 'mon', start: '08:00', end: '09:00' }] }, { token: admin })).status).toBe(409);

  const plan = await api.post('/admin/sla-plans', { name: 'Tokyo business', gracePeriodHours: 18, firstResponseHours: 4, scheduleId: 'tokyo-office' }, { token: admin });
  expect(plan.status).toBe(201);
  const topic = await api.post('/admin/topics', { name: 'Tokyo office request', departmentId: 'support', slaPlanId: plan.body.id }, { token: admin });
  expect(topic.status).toBe(201);

  const opened = await api.post('/tickets', { name: 'Kenji Customer', email: 'kenji@example.org', topicId: topic.body.id, subject: 'Printer offline', message: 'The third-floor printer is offline.' });
  expect(opened.status).toBe(201);
  const ticket = (await api.get(`/staff/tickets/${opened.body.number}`, { token: john })).body;
  expect(ticket.dueAt).toBe(tokyoDue(ticket.createdAt, 18, [holiday]));
  expect(opened.body.dueAt).toBe(ticket.dueAt);
  expect(ticket.firstResponseDueAt).toBe(tokyoDue(ticket.createdAt, 4, [holiday]));
  // The holiday counted: without it both would be due earlier.
  expect(Date.parse(ticket.dueAt)).toBeGreaterThan(Date.parse(tokyoDue(ticket.createdAt, 18, [])));
  // Agents see both targets open, counted in Tokyo's hours: 18 and 4 business hours left at most
  // (less only by the business time since creation).
  expect(ticket.sla.schedule).toEqual({ id: 'tokyo-office', name: 'Tokyo office', timezone: 'Asia/Tokyo' });
  expect(ticket.sla.resolution).toMatchObject({ dueAt: ticket.dueAt, doneAt: null, met: null });
  expect(ticket.sla.resolution.businessMinutesLeft).toBeGreaterThanOrEqual(18 * 60 - 1);
  expect(ticket.sla.resolution.businessMinutesLeft).toBeLessThanOrEqual(18 * 60);
  expect(ticket.sla.firstResponse).toMatchObject({ dueAt: ticket.firstResponseDueAt, doneAt: null, met: null });
  expect(ticket.sla.firstResponse.businessMinutesLeft).toBeLessThanOrEqual(4 * 60);

  // The schedule is in use now: deleting it is refused, saying by what.
  const refused = await api.call('DELETE', '/admin/schedules/tokyo-office', { token: admin });
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toContain(`SLA plan(s) count in it: ${plan.body.id}`);
  // Lifting the holiday recomputes the open ticket in the background; the admin follows the job.
  expect((await api.patch('/admin/schedules/tokyo-office', { holidays: [] }, { token: admin })).status).toBe(200);
  const jobs = (await api.get('/admin/sla-recomputes', { token: admin })).body.recomputes;
  expect(jobs[0]).toMatchObject({ name: 'schedule tokyo-office', scope: null, status: 'queued' });
  const job = await eventually(() => api.get(`/admin/sla-recomputes/${jobs[0].id}`, { token: admin }), (r) => r.body.status === 'done', 45_000);
  expect(job.body.changed).toBeGreaterThanOrEqual(1);
  const moved = (await api.get(`/staff/tickets/${opened.body.number}`, { token: john })).body;
  expect(moved.dueAt).toBe(tokyoDue(ticket.createdAt, 18, []));
  expect(moved.firstResponseDueAt).toBe(tokyoDue(ticket.createdAt, 4, []));
  // The thread records the move. (The 4-hour first response may or may not reach the holiday,
  // depending on the hour the test runs, so only the due time surely moved.)
  expect(moved.thread).toContainEqual(expect.objectContaining({ type: 'event', author: expect.objectContaining({ type: 'system' }), event: { field: 'dueAt', from: ticket.dueAt, to: moved.dueAt } }));

  // A schedule that is never open is refused with the field to fix.
  const closed = await api.post('/admin/schedules', { name: 'Never', timezone: 'Asia/Tokyo', hours: [] }, { token: admin });
  expect(closed.status).toBe(400);
  expect(JSON.stringify(closed.body)).toContain('at least one open window');
});

test('a first-response timer fires, alerts the department once, and the reply clears it', async () => {
  // 3.6 seconds, around the clock: the timer fires while the test waits for it.
  const plan = await api.post('/admin/sla-plans', { name: 'Instant first response', gracePeriodHours: 18, firstResponseHours: 0.001, scheduleId: '24-7' }, { token: admin });
  const topic = await api.post('/admin/topics', { name: 'Instant request', departmentId: 'support', slaPlanId: plan.body.id }, { token: admin });
  const opened = await api.post('/tickets', { name: 'Maria Customer', email: 'maria@example.org', topicId: topic.body.id, subject: 'Nobody answers', message: 'Hello?' });
  const number: string = opened.body.number;

  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${number} first response is overdue`));
  const marked = (await api.get(`/staff/tickets/${number}`, { token: john })).body;
  expect(marked).toMatchObject({ firstResponseOverdue: true, firstResponseAt: null, overdue: false });
  expect(marked.thread.at(-1)).toMatchObject({ type: 'event', author: { type: 'system' }, body: 'first response overdue no → yes' });
  expect(marked.sla.firstResponse).toMatchObject({ met: false, doneAt: null });
  expect(marked.sla.firstResponse.businessMinutesLeft).toBeLessThanOrEqual(0);

  // Unassigned: Support's agents (John, and the admin with extended access) get the alert, once each.
  const isAlert = (m: { subject: string }) => m.subject === `[#${number}] First response overdue: Nobody answers`;
  await waitForMail(stack.mailOutbox, (all) => all.filter(isAlert).length >= 2);
  await quietPeriod();
  expect((await readOutbox(stack.mailOutbox)).filter(isAlert).map((m) => m.to).sort()).toEqual(['admin@example.com', 'john@example.com']);
  expect(stack.output().match(new RegExp(`\\[sla-timer\\] #${number} first response is overdue`, 'g'))).toHaveLength(1);

  const replied = await api.post(`/staff/tickets/${number}/replies`, { message: 'Sorry for the wait, looking now.' }, { token: john });
  expect(replied.status).toBe(201);
  expect(replied.body.firstResponseOverdue).toBe(false);
  expect(Date.parse(replied.body.firstResponseAt)).toBeGreaterThan(Date.parse(replied.body.firstResponseDueAt)); // met late
  expect(replied.body.sla.firstResponse).toMatchObject({ met: false, doneAt: replied.body.firstResponseAt, businessMinutesLeft: null });
  // The resolution target is untouched by all this.
  expect(replied.body).toMatchObject({ overdue: false, dueAt: marked.dueAt });
});
