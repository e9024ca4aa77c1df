// Concurrent actions on one ticket: every action that was acknowledged is in the thread.
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
});
afterAll(() => stack.stop());

const open = async () =>
  (await api.post('/tickets', { name: 'Maria', email: 'maria@example.org', topicId: 'other', subject: 'Busy ticket', message: 'Help' })).body.number as string;

test('20 concurrent notes, replies and changes on one ticket: none is lost', async () => {
  const number = await open();
  const [john, admin] = await Promise.all([agentToken('john@example.com'), agentToken('admin@example.com')]);
  const priorities = ['low', 'normal', 'high', 'emergency'] as const;
  const actions = Array.from({ length: 20 }, (_, i) => {
    const token = i % 2 ? john : admin;
    if (i % 4 === 0) return api.post(`/staff/tickets/${number}/notes`, { message: `note ${i}` }, { token });
    if (i % 4 === 1) return api.post(`/staff/tickets/${number}/replies`, { message: `reply ${i}` }, { token });
    if (i % 4 === 2) return api.patch(`/staff/tickets/${number}`, { priority: priorities[(i / 2) % 4] }, { token });
    return api.post(`/tickets/${number}/messages`, { message: 'customer ping' }, { token: 'x' }); // refused: wrong token
  });
  const results = await Promise.all(actions);
  const ok = results.filter((r) => r.status >= 200 && r.status < 300);
  expect(results.filter((_, i) => i % 4 !== 3).map((r) => r.status).every((s) => s === 200 || s === 201)).toBe(true);
  expect(ok).toHaveLength(15);

  const thread = (await api.get(`/staff/tickets/${number}`, { token: admin })).body.thread as { type: string; body: string }[];
  for (let i = 0; i < 20; i += 4) expect(thread.filter((e) => e.body === `note ${i}`)).toHaveLength(1);
  for (let i = 1; i < 20; i += 4) expect(thread.filter((e) => e.body === `reply ${i}`)).toHaveLength(1);
  // Each priority change that differed from the state it met left exactly one event; the last one wins.
  const final = (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
  const priorityEvents = thread.filter((e) => e.type === 'event' && e.body.startsWith('priority '));
  expect(priorityEvents.length).toBeGreaterThan(0);
  expect(priorityEvents.at(-1)!.body.endsWith(` → ${final.priority[0].toUpperCase()}${final.priority.slice(1)}`)).toBe(true);
});

test('20 agents changing one version with If-Match: exactly one wins, the rest get 412', async () => {
  const number = await open();
  const john = await agentToken('john@example.com');
  const etag = (await api.get(`/staff/tickets/${number}`, { token: john })).headers.get('etag')!;
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => api.patch(`/staff/tickets/${number}`, { dueAt: new Date(Date.now() + (i + 1) * 3_600_000).toISOString() }, { token: john, headers: { 'if-match': etag } })),
  );
  const statuses = results.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 412)).toHaveLength(19);
  const winner = results.find((r) => r.status === 200)!.body.dueAt;
  expect((await api.get(`/staff/tickets/${number}`, { token: john })).body.dueAt).toBe(winner);
});
