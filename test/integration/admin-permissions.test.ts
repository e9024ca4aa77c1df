// The role matrix, end to end: an administrator gives Kim a role with exactly one permission, in
// her own department or through extended access, and every staff action on a ticket there is
// allowed exactly when that permission grants it. A department she has no access to stays shut.
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let kim: string;

const PERMISSIONS = ['ticket.edit', 'ticket.transfer', 'ticket.assign', 'ticket.release', 'ticket.reply', 'ticket.close'] as const;
type Permission = (typeof PERMISSIONS)[number];

/** Releasing is allowed with ticket.release or with ticket.assign, as in osTicket. */
const grants = (held: Permission, needed: Permission) => held === needed || (needed === 'ticket.release' && held === 'ticket.assign');

const roleId = (p: Permission) => `only-${p.replace('ticket.', '')}`;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  admin = await agentToken('admin@example.com');
  kim = await agentToken('kim@example.com');
  for (const p of PERMISSIONS) {
    expect((await api.post(`/${ADMIN_ROUTE}/roles`, { id: roleId(p), name: `Only ${p}`, permissions: [p] }, { token: admin })).status).toBe(201);
  }
  const kimAgent = { id: 'kim', name: 'Kim Lee', email: 'kim@example.com', departmentId: 'sysadmin', roleId: 'view-only' };
  expect((await api.post(`/${ADMIN_ROUTE}/agents`, kimAgent, { token: admin })).status).toBe(201);
});
afterAll(() => stack.stop());

const customer = { name: 'Maria Customer', email: 'maria@example.org', subject: 'Laptop will not boot', message: 'Black screen.' };
const TOPIC_IN = { support: 'other', sysadmin: 'business-critical-outage' } as const;
const OTHER = { support: 'sysadmin', sysadmin: 'support' } as const;

/** Each action and what it sends; the ticket is assigned to the admin beforehand so there is something to release. */
function attempt(action: Permission, number: string, department: 'support' | 'sysadmin') {
  const patch = (body: unknown) => api.patch(`/staff/tickets/${number}`, body, { token: kim });
  switch (action) {
    case 'ticket.edit':
      return patch({ priority: 'low' });
    case 'ticket.transfer':
      return patch({ departmentId: OTHER[department] });
    case 'ticket.assign':
      return patch({ assigneeId: 'kim' });
    case 'ticket.release':
      return patch({ assigneeId: null });
    case 'ticket.reply':
      return api.post(`/staff/tickets/${number}/replies`, { message: 'On it.' }, { token: kim });
    case 'ticket.close':
      return patch({ status: 'resolved' });
  }
}

const placements = [
  ['her own department (sysadmin)', 'sysadmin', (role: string) => ({ roleId: role, extendedAccess: [] })],
  ['extended access (support)', 'support', (role: string) => ({ roleId: 'view-only', extendedAccess: [{ departmentId: 'support', roleId: role }] })],
] as const;

describe.each(placements)('a role with one permission in %s', (_label, department, grant) => {
  test.each(PERMISSIONS.map((p) => [p]))('%s: exactly the actions it grants succeed', async (held) => {
    expect((await api.patch(`/${ADMIN_ROUTE}/agents/kim`, grant(roleId(held)), { token: admin })).status).toBe(200);
    const { number } = (await api.post('/tickets', { ...customer, topicId: TOPIC_IN[department] })).body;
    expect((await api.patch(`/staff/tickets/${number}`, { assigneeId: 'admin' }, { token: admin })).status).toBe(200);

    // The refused actions first, then the allowed ones (a transfer would move the ticket away).
    const ordered = [...PERMISSIONS].sort((a, b) => Number(grants(held, a)) - Number(grants(held, b)));
    const outcome: Record<string, number> = {};
    for (const action of ordered) outcome[action] = (await attempt(action, number, department)).status;
    const expected = Object.fromEntries(ordered.map((a) => [a, grants(held, a) ? (a === 'ticket.reply' ? 201 : 200) : 403]));
    expect(outcome).toEqual(expected);
  });
});

describe('access without permissions, and no access at all', () => {
  test('a view-only role may read and add internal notes, nothing else', async () => {
    await api.patch(`/${ADMIN_ROUTE}/agents/kim`, { roleId: 'view-only', extendedAccess: [] }, { token: admin });
    const { number } = (await api.post('/tickets', { ...customer, topicId: TOPIC_IN.sysadmin })).body;
    await api.patch(`/staff/tickets/${number}`, { assigneeId: 'admin' }, { token: admin }); // something to release
    expect((await api.get(`/staff/tickets/${number}`, { token: kim })).status).toBe(200);
    expect((await api.post(`/staff/tickets/${number}/notes`, { message: 'Seen.' }, { token: kim })).status).toBe(201);
    const outcome: Record<string, number> = {};
    for (const action of PERMISSIONS) outcome[action] = (await attempt(action, number, 'sysadmin')).status;
    expect(outcome).toEqual(Object.fromEntries(PERMISSIONS.map((a) => [a, 403])));
  });

  test('a department she has no access to is invisible, whatever her roles elsewhere', async () => {
    await api.patch(`/${ADMIN_ROUTE}/agents/kim`, { roleId: 'all-access', extendedAccess: [] }, { token: admin });
    const { number } = (await api.post('/tickets', { ...customer, topicId: TOPIC_IN.support })).body;
    const read = await api.get(`/staff/tickets/${number}`, { token: kim });
    expect(read.status).toBe(403);
    expect(read.body.error.message).toBe('Kim Lee has no access to the Support department');
    expect((await api.post(`/staff/tickets/${number}/notes`, { message: 'x' }, { token: kim })).status).toBe(403);
    const queue = (await api.get('/staff/tickets?queue=open&limit=100', { token: kim })).body.items as { number: string }[];
    expect(queue.map((t) => t.number)).not.toContain(number);
  });
});
