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

/** Lines the stack logs for each write Cosmos DB refused with 412 on this ticket: the contention. */
const staleWrites = (number: string) => stack.output().split('\n').filter((l) => l.includes(`Ticket #${number}: write refused with 412`)).length;

test('20 concurrent notes, replies and changes on one ticket: writes collide, are retried, and none is lost', async () => {
  const number = await open();
  const [john, admin] = await Promise.all([agentToken('john@example.com'), agentToken('admin@example.com')]);
  // Every change differs from every other, so none can be a no-op and a lost one leaves a gap.
  const base = Date.now();
  const dueAt = (i: number) => new Date(base + (i + 10) * 3_600_000).toISOString();
  const actions = Array.from({ length: 20 }, (_, i) => {
    const token = i % 2 ? john : admin;
    if (i % 4 === 0) return api.post(`/staff/tickets/${number}/notes`, { message: `note ${i}` }, { token });
    if (i % 4 === 1) return api.post(`/staff/tickets/${number}/replies`, { message: `reply ${i}` }, { token });
    if (i % 4 === 2) return api.patch(`/staff/tickets/${number}`, { dueAt: dueAt(i) }, { token });
    return api.post(`/tickets/${number}/messages`, { message: 'customer ping' }, { token: 'x' }); // refused: a wrong token learns nothing (404)
  });
  const results = await Promise.all(actions);
  expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, (_, i) => [201, 201, 200, 404][i % 4]));

  const final = (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
  const thread = final.thread as { type: string; body: string; event?: { field: string; from: string | null; to: string | null } }[];
  const times = (body: string) => thread.filter((e) => e.body === body).length;
  expect([0, 4, 8, 12, 16].map((i) => times(`note ${i}`))).toEqual([1, 1, 1, 1, 1]);
  expect([1, 5, 9, 13, 17].map((i) => times(`reply ${i}`))).toEqual([1, 1, 1, 1, 1]);
  // One due event per acknowledged change, each starting from where the one before it ended: a
  // write applied to a stale copy would start from an older value.
  const dueEvents = thread.filter((e) => e.event?.field === 'dueAt').map((e) => e.event!);
  expect(dueEvents.map((e) => e.to).sort()).toEqual([2, 6, 10, 14, 18].map(dueAt).sort());
  expect(dueEvents.slice(1).map((e) => e.from)).toEqual(dueEvents.slice(0, -1).map((e) => e.to));
  expect(final.dueAt).toBe(dueEvents.at(-1)!.to);
  expect(thread.filter((e) => e.body === 'customer ping')).toEqual([]);
  // The writes did collide: Cosmos DB refused stale ones, and the retries still landed them all.
  expect(staleWrites(number)).toBeGreaterThan(0);
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
