// The admin API through HTTP against the local stack: an administrator runs the directory
// (departments, roles, SLA plans, help topics, agents), every change lands in the audit trail,
// refusals say why, and nobody but an administrator gets in.
import { ADMIN_ROUTE } from '../../shared/http/admin-requests';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let john: string;

/** An admin path below /api, e.g. admin('/departments'). */
const admin_ = (path: string) => `/${ADMIN_ROUTE}${path}`;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  [admin, john] = (await Promise.all(['admin@example.com', 'john@example.com'].map(agentToken))) as [string, string];
});
afterAll(() => stack.stop());

const customer = { name: 'Maria Customer', email: 'maria@example.org', subject: 'Wi-Fi down on floor 3', message: 'Nothing connects since 9:00.' };

describe('only administrators get in', () => {
  /** The whole directory, every kind, as an administrator lists it. */
  const directory = async () =>
    JSON.stringify(await Promise.all(['departments', 'agents', 'roles', 'sla-plans', 'topics', 'schedules', 'api-keys', 'settings/notifications'].map(async (k) => [k, (await api.get(admin_(`/${k}`), { token: admin })).body])));
  let before: string;
  beforeAll(async () => {
    before = await directory();
  });

  // Every row has three cells: with fewer, jest would pass its `done` callback as the body.
  const routes: [string, string, unknown][] = [
    ['GET', '/departments', undefined],
    ['POST', '/departments', { name: 'Sneaky', slaPlanId: 'default' }],
    ['GET', '/departments/support', undefined],
    ['PATCH', '/departments/support', { name: 'Mine now' }],
    ['DELETE', '/departments/support', undefined],
    ['GET', '/roles', undefined],
    ['POST', '/roles', { name: 'Sneaky', permissions: [] }],
    ['PATCH', '/roles/limited', { permissions: [] }],
    ['DELETE', '/roles/view-only', undefined],
    ['GET', '/sla-plans', undefined],
    ['POST', '/sla-plans', { name: 'Sneaky', gracePeriodHours: 1 }],
    ['PATCH', '/sla-plans/default', { active: false }],
    ['DELETE', '/sla-plans/sev-c', undefined],
    ['GET', '/topics', undefined],
    ['POST', '/topics', { name: 'Sneaky', departmentId: 'support' }],
    ['PATCH', '/topics/other', { public: false }],
    ['DELETE', '/topics/other', undefined],
    ['GET', '/agents', undefined],
    ['POST', '/agents', { name: 'Sneaky', email: 'sneaky@example.com', departmentId: 'support', roleId: 'all-access', isAdmin: true }],
    ['PATCH', '/agents/john', { isAdmin: true }],
    ['DELETE', '/agents/jane', undefined],
    ['GET', '/audit', undefined],
  ];

  test.each(routes)('%s %s: 401 without a token, 403 for an agent who is not an administrator', async (method, path, body) => {
    expect((await api.call(method, admin_(path), { body })).status).toBe(401);
    const res = await api.call(method, admin_(path), { body, token: john });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', message: 'John Smith is not an administrator' });
  });

  test('nothing John tried is in the directory or the audit trail', async () => {
    // All 22 attempts at once: the whole directory is as it was before John began.
    expect(await directory()).toBe(before);
    const trail = (await api.get(admin_('/audit?limit=100'), { token: admin })).body.items as { actor: { id: string } }[];
    expect(trail.filter((e) => e.actor.id === 'john')).toEqual([]);
  });
});

describe('departments', () => {
  test('create (201, an id from the name), read, list, rename, and the name stays unique', async () => {
    const created = await api.post(admin_('/departments'), { name: 'Network Operations', slaPlanId: 'sev-b', managerId: 'jane' }, { token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ kind: 'department', id: 'network-operations', name: 'Network Operations', managerId: 'jane', slaPlanId: 'sev-b', autoAssign: false });
    expect(created.headers.get('location')).toBe(`/api/${ADMIN_ROUTE}/departments/network-operations`);

    expect((await api.get(admin_('/departments/network-operations'), { token: admin })).body.name).toBe('Network Operations');
    const list = (await api.get(admin_('/departments'), { token: admin })).body.departments as { id: string }[];
    expect(list.map((x) => x.id)).toEqual(expect.arrayContaining(['network-operations', 'support', 'sysadmin']));

    const again = await api.post(admin_('/departments'), { name: 'network operations', slaPlanId: 'default' }, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("The name 'network operations' is already used by department 'network-operations'");

    const renamed = await api.patch(admin_('/departments/network-operations'), { name: 'Networks', autoAssign: true }, { token: admin });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Networks', autoAssign: true, slaPlanId: 'sev-b', managerId: 'jane' });
    expect((await api.patch(admin_('/departments/network-operations'), { name: 'Support' }, { token: admin })).status).toBe(409);
  });

  test('bad input: unknown references (400), unknown fields (400), empty changes (400), unknown ids (404)', async () => {
    const res = await api.post(admin_('/departments'), { name: 'Legal', slaPlanId: 'sev-z', managerId: 'ghost' }, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'managerId', message: "no agent 'ghost'" },
      { path: 'slaPlanId', message: "no SLA plan 'sev-z'" },
    ]);
    expect((await api.post(admin_('/departments'), { name: 'Legal', slaPlanId: 'default', colour: 'red' }, { token: admin })).status).toBe(400);
    expect((await api.post(admin_('/departments'), { name: 'Legal', slaPlanId: 'default', id: 'Not A Slug' }, { token: admin })).status).toBe(400);
    expect((await api.patch(admin_('/departments/support'), {}, { token: admin })).body.error.message).toMatch(/send at least one field/);
    expect((await api.get(admin_('/departments/nowhere'), { token: admin })).status).toBe(404);
    expect((await api.patch(admin_('/departments/nowhere'), { name: 'X' }, { token: admin })).status).toBe(404);
    expect((await api.call('DELETE', admin_('/departments/nowhere'), { token: admin })).status).toBe(404);
  });

  test('a department with tickets, agents or topics cannot be deleted; an empty one can', async () => {
    await api.post(admin_('/departments'), { id: 'field-service', name: 'Field Service', slaPlanId: 'default' }, { token: admin });
    await api.post(admin_('/topics'), { id: 'site-visit', name: 'Site visit', departmentId: 'field-service' }, { token: admin });
    const ticket = await api.post('/tickets', { ...customer, topicId: 'site-visit' });
    expect(ticket.status).toBe(201);

    const refused = await api.call('DELETE', admin_('/departments/field-service'), { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'The department Field Service is still in use (1 ticket refers to it; 1 help topic(s) route to it: site-visit); move its agents, topics and tickets to another department first',
    );
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toEqual(['tickets', 'topics']);

    const withAgents = await api.call('DELETE', admin_('/departments/support'), { token: admin });
    expect(withAgents.status).toBe(409);
    expect(withAgents.body.error.details.map((d: { path: string }) => d.path)).toEqual(['agents', 'topics']);

    await api.post(admin_('/departments'), { id: 'scratch', name: 'Scratch', slaPlanId: 'default' }, { token: admin });
    const gone = await api.call('DELETE', admin_('/departments/scratch'), { token: admin });
    expect(gone.status).toBe(204);
    expect((await api.get(admin_('/departments/scratch'), { token: admin })).status).toBe(404);
  });
});

describe('roles', () => {
  test('a role is a name and a set of osTicket permissions; one in use cannot be deleted', async () => {
    const created = await api.post(admin_('/roles'), { name: 'Dispatcher', permissions: ['ticket.assign', 'ticket.transfer'] }, { token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ kind: 'role', id: 'dispatcher', name: 'Dispatcher', permissions: ['ticket.assign', 'ticket.transfer'] });

    const bad = await api.post(admin_('/roles'), { name: 'Wizard', permissions: ['ticket.teleport'] }, { token: admin });
    expect(bad.status).toBe(400);
    expect((await api.post(admin_('/roles'), { name: 'Twice', permissions: ['ticket.edit', 'ticket.edit'] }, { token: admin })).body.error.message).toMatch(/each permission may appear once/);
    expect((await api.post(admin_('/roles'), { name: 'all access', permissions: [] }, { token: admin })).status).toBe(409);

    await api.patch(admin_('/agents/jane'), { extendedAccess: [{ departmentId: 'support', roleId: 'dispatcher' }] }, { token: admin });
    const inUse = await api.call('DELETE', admin_('/roles/dispatcher'), { token: admin });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toMatch(/1 agent\(s\) hold it: jane\); give its agents another role first/);

    await api.patch(admin_('/agents/jane'), { extendedAccess: [] }, { token: admin });
    expect((await api.call('DELETE', admin_('/roles/dispatcher'), { token: admin })).status).toBe(204);
  });
});

describe('SLA plans', () => {
  test('create with per-priority targets; one in use is neither deleted nor disabled; an unused one goes', async () => {
    const created = await api.post(admin_('/sla-plans'), { name: 'Gold', gracePeriodHours: 2, priorityGraceHours: { emergency: 0.5 } }, { token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ kind: 'slaPlan', id: 'gold', name: 'Gold', gracePeriodHours: 2, priorityGraceHours: { emergency: 0.5 }, overdueAlerts: true, active: true });
    expect((await api.post(admin_('/sla-plans'), { name: 'Never', gracePeriodHours: 0 }, { token: admin })).status).toBe(400);

    await api.post(admin_('/topics'), { id: 'vip', name: 'VIP', departmentId: 'support', slaPlanId: 'gold' }, { token: admin });
    const inUse = await api.call('DELETE', admin_('/sla-plans/gold'), { token: admin });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toMatch(/disable the plan instead \(active: false\)/);

    // Disabling it while a topic hands it to new tickets would break intake for that topic.
    const stillUsed = await api.patch(admin_('/sla-plans/gold'), { active: false }, { token: admin });
    expect(stillUsed.status).toBe(409);
    expect(stillUsed.body.error.message).toBe('The SLA plan Gold is the plan of help topic vip; give them another plan before disabling it');
    await api.patch(admin_('/topics/vip'), { slaPlanId: null }, { token: admin });
    expect((await api.patch(admin_('/sla-plans/gold'), { active: false }, { token: admin })).body).toMatchObject({ active: false, gracePeriodHours: 2 });
    const disabled = await api.patch(admin_('/topics/vip'), { slaPlanId: 'gold' }, { token: admin });
    expect(disabled.status).toBe(400);
    expect(disabled.body.error.details).toEqual([{ path: 'slaPlanId', message: "SLA plan 'gold' is disabled" }]);

    await api.post(admin_('/sla-plans'), { id: 'unused', name: 'Unused', gracePeriodHours: 48 }, { token: admin });
    expect((await api.call('DELETE', admin_('/sla-plans/unused'), { token: admin })).status).toBe(204);
  });
});

describe('the default SLA plan (a department\'s plan is optional)', () => {
  /** Opens a ticket in the topic and reads the plan it took, as an administrator sees it. */
  const planOfNewTicket = async (topicId: string) => {
    const opened = await api.post('/tickets', { ...customer, email: `plan.${Date.now()}.${Math.random()}@example.org`, topicId });
    expect(opened.status).toBe(201);
    return (await api.get(`/staff/tickets/${opened.body.number}`, { token: admin })).body.slaPlanId as string;
  };

  test('topic plan, else department plan, else the default from the SLA settings; the default is chosen, audited, refused when unknown, and kept from deletion', async () => {
    expect((await api.get(admin_('/settings/sla'), { token: admin })).body).toMatchObject({ defaultScheduleId: '24-7', defaultPlanId: 'default' });

    // A department without a plan, and a topic without one: the system default applies.
    const dept = await api.post(admin_('/departments'), { id: 'facilities', name: 'Facilities' }, { token: admin });
    expect(dept.status).toBe(201);
    expect(dept.body).toEqual({ kind: 'department', id: 'facilities', name: 'Facilities', managerId: null, slaPlanId: null, autoAssign: false });
    await api.post(admin_('/topics'), { id: 'broken-chair', name: 'Broken chair', departmentId: 'facilities' }, { token: admin });
    // The administrator reads the new department's tickets through extended access, like any agent.
    await api.patch(admin_('/agents/admin'), { extendedAccess: [{ departmentId: 'sysadmin', roleId: 'all-access' }, { departmentId: 'facilities', roleId: 'all-access' }] }, { token: admin });
    await api.post(admin_('/sla-plans'), { id: 'bronze', name: 'Bronze', gracePeriodHours: 30 }, { token: admin });
    expect(await planOfNewTicket('broken-chair')).toBe('default');

    // Another default: new tickets take it, audited like any settings change; the schedule stays.
    const chosen = await api.patch(admin_('/settings/sla'), { defaultPlanId: 'bronze' }, { token: admin });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ defaultScheduleId: '24-7', defaultPlanId: 'bronze' });
    expect((await api.get(admin_('/settings/sla'), { token: admin })).body.defaultPlanId).toBe('bronze');
    const trail = (await api.get(admin_('/audit?limit=5'), { token: admin })).body.items as { entityKind: string; changed: string[]; actor: { id: string } }[];
    expect(trail.find((e) => e.entityKind === 'slaSettings')).toMatchObject({ changed: ['defaultPlanId'], actor: { id: 'admin' } });
    expect(await planOfNewTicket('broken-chair')).toBe('bronze');

    // The department's own plan comes before the default, the topic's before the department's.
    await api.patch(admin_('/departments/facilities'), { slaPlanId: 'sev-c' }, { token: admin });
    expect(await planOfNewTicket('broken-chair')).toBe('sev-c');
    await api.patch(admin_('/topics/broken-chair'), { slaPlanId: 'sev-b' }, { token: admin });
    expect(await planOfNewTicket('broken-chair')).toBe('sev-b');
    await api.patch(admin_('/topics/broken-chair'), { slaPlanId: null }, { token: admin });
    // PATCH null clears the department's plan: back to the default.
    const cleared = await api.patch(admin_('/departments/facilities'), { slaPlanId: null }, { token: admin });
    expect([cleared.status, cleared.body.slaPlanId]).toEqual([200, null]);
    expect(await planOfNewTicket('broken-chair')).toBe('bronze');

    // An unknown plan is refused, naming it; a disabled one too; nothing changes.
    const unknown = await api.patch(admin_('/settings/sla'), { defaultPlanId: 'platinum' }, { token: admin });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'validation_failed']);
    expect(unknown.body.error.details).toEqual([{ path: 'defaultPlanId', message: "no SLA plan 'platinum'; name one from /api/admin/sla-plans" }]);
    await api.post(admin_('/sla-plans'), { id: 'retired', name: 'Retired', gracePeriodHours: 30, active: false }, { token: admin });
    expect((await api.patch(admin_('/settings/sla'), { defaultPlanId: 'retired' }, { token: admin })).body.error.details).toEqual([
      { path: 'defaultPlanId', message: "SLA plan 'retired' is disabled; enable it first or name another" },
    ]);
    expect((await api.patch(admin_('/settings/sla'), {}, { token: admin })).status).toBe(400);
    expect((await api.get(admin_('/settings/sla'), { token: admin })).body.defaultPlanId).toBe('bronze');

    // The default plan can be neither deleted nor disabled (its tickets count too, so a fresh plan shows it alone).
    await api.post(admin_('/sla-plans'), { id: 'spare', name: 'Spare', gracePeriodHours: 12 }, { token: admin });
    await api.patch(admin_('/settings/sla'), { defaultPlanId: 'spare' }, { token: admin });
    const deleting = await api.call('DELETE', admin_('/sla-plans/spare'), { token: admin });
    expect(deleting.status).toBe(409);
    expect(deleting.body.error.message).toBe('The SLA plan Spare is still in use (it is the default plan); choose another default plan first (PATCH /api/admin/settings/sla)');
    const disabling = await api.patch(admin_('/sla-plans/spare'), { active: false }, { token: admin });
    expect(disabling.status).toBe(409);
    expect(disabling.body.error.message).toBe('The SLA plan Spare is the plan of the SLA settings (it is the default plan); give them another plan before disabling it');

    // Once another plan is the default, the old one goes.
    await api.patch(admin_('/settings/sla'), { defaultPlanId: 'default' }, { token: admin });
    expect((await api.call('DELETE', admin_('/sla-plans/spare'), { token: admin })).status).toBe(204);
  });
});

describe('help topics', () => {
  test('a topic made non-public disappears from the customer list; one with tickets cannot be deleted', async () => {
    const created = await api.post(admin_('/topics'), { name: 'Printer Problems', departmentId: 'support', priority: 'low', autoAssignAgentId: 'john' }, { token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      kind: 'topic', id: 'printer-problems', name: 'Printer Problems', public: true, departmentId: 'support', priority: 'low', slaPlanId: null, autoAssignAgentId: 'john',
    });
    const publicIds = async () => ((await api.get('/topics')).body.topics as { id: string }[]).map((t) => t.id);
    expect(await publicIds()).toContain('printer-problems');

    // The auto-assign agent gets the new ticket.
    const ticket = (await api.post('/tickets', { ...customer, topicId: 'printer-problems' })).body;
    expect((await api.get(`/staff/tickets/${ticket.number}`, { token: john })).body.assigneeId).toBe('john');

    expect((await api.patch(admin_('/topics/printer-problems'), { public: false }, { token: admin })).status).toBe(200);
    expect(await publicIds()).not.toContain('printer-problems');

    const refused = await api.call('DELETE', admin_('/topics/printer-problems'), { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/hide it from customers instead/);

    await api.post(admin_('/topics'), { id: 'draft', name: 'Draft topic', departmentId: 'sysadmin' }, { token: admin });
    expect((await api.call('DELETE', admin_('/topics/draft'), { token: admin })).status).toBe(204);
  });
});

describe('agents', () => {
  test('a new agent can sign in at once; e-mail and object id are unique; disabling locks them out', async () => {
    const created = await api.post(
      admin_('/agents'),
      { name: 'Kim Lee', email: 'Kim.Lee@Example.com', departmentId: 'sysadmin', roleId: 'expanded', extendedAccess: [{ departmentId: 'support', roleId: 'limited' }] },
      { token: admin },
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      kind: 'agent', id: 'kim-lee', name: 'Kim Lee', email: 'kim.lee@example.com', entraObjectId: null, departmentId: 'sysadmin', roleId: 'expanded',
      extendedAccess: [{ departmentId: 'support', roleId: 'limited' }], permissions: [], isAdmin: false, active: true,
    });
    const kim = await agentToken('kim.lee@example.com');
    const me = await api.get('/staff/me', { token: kim });
    expect(me.status).toBe(200);
    expect(me.body.departments.map((x: { id: string }) => x.id)).toEqual(['sysadmin', 'support']);

    expect((await api.post(admin_('/agents'), { name: 'Kim Again', email: 'kim.lee@example.com', departmentId: 'support', roleId: 'limited' }, { token: admin })).status).toBe(409);
    const oid = '3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
    expect((await api.patch(admin_('/agents/kim-lee'), { entraObjectId: oid.toUpperCase() }, { token: admin })).body.entraObjectId).toBe(oid);
    expect((await api.patch(admin_('/agents/john'), { entraObjectId: oid }, { token: admin })).status).toBe(409);

    expect((await api.patch(admin_('/agents/kim-lee'), { active: false }, { token: admin })).status).toBe(200);
    expect((await api.get('/staff/me', { token: kim })).status).toBe(403);
    expect((await api.call('DELETE', admin_('/agents/kim-lee'), { token: admin })).status).toBe(204);
    expect((await api.get('/staff/me', { token: kim })).body.error.message).toMatch(/No agent account for kim.lee@example.com/);
  });

  test('an agent with assigned tickets or duties is disabled, not deleted; the last admin stays', async () => {
    const refused = await api.call('DELETE', admin_('/agents/john'), { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/department\(s\) have them as manager: support; .*disable the agent instead/);
    const last = await api.call('DELETE', admin_('/agents/admin'), { token: admin });
    expect(last.status).toBe(409);
    expect(last.body.error.details).toEqual(expect.arrayContaining([{ path: 'isAdmin', message: 'they are the last active administrator' }]));
    expect((await api.patch(admin_('/agents/admin'), { active: false }, { token: admin })).status).toBe(409);
  });
});

describe('mailboxes', () => {
  // npm start adds a demo mailbox on its local Dovecot when Dovecot is installed (issue 24).
  const DEMO = 'local-support';
  const mailboxesBut = async (id: string) => ((await api.get(admin_('/mailboxes'), { token: admin })).body.mailboxes as { id: string }[]).filter((m) => m.id !== id);
  const imap = { method: 'imap', host: '127.0.0.1', port: 1993, tls: false, username: 'support', secretRef: 'mailbox-support-imap' };

  test('create (201), read, list, change, delete, each change audited; the address is unique; the topic is kept from deletion', async () => {
    await api.post(admin_('/topics'), { id: 'mail-intake', name: 'Mail intake', departmentId: 'support' }, { token: admin });
    // The local stack allows a loopback host (MAILBOX_ALLOW_PRIVATE_HOSTS): its IMAP server lives there.
    const created = await api.post(admin_('/mailboxes'), { name: 'Support inbox', address: 'Support@Example.com', topicId: 'mail-intake', fetch: imap }, { token: admin });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ kind: 'mailbox', id: 'support-inbox', name: 'Support inbox', address: 'support@example.com', topicId: 'mail-intake', active: true, fetch: imap });
    expect(created.headers.get('location')).toBe(`/api/${ADMIN_ROUTE}/mailboxes/support-inbox`);
    // Reads add the fetch status (issue 24), null before the first fetch.
    expect((await api.get(admin_('/mailboxes/support-inbox'), { token: admin })).body).toEqual({ ...created.body, status: null });
    expect(await mailboxesBut(DEMO)).toEqual([{ ...created.body, status: null }]);

    const twin = await api.post(admin_('/mailboxes'), { name: 'Twin', address: 'support@example.com', topicId: 'mail-intake', fetch: { method: 'graph' } }, { token: admin });
    expect(twin.status).toBe(409);
    expect(twin.body.error.message).toBe('The address support@example.com is already used by mailbox Support inbox (support-inbox)');

    const topicRefused = await api.call('DELETE', admin_('/topics/mail-intake'), { token: admin });
    expect(topicRefused.status).toBe(409);
    expect(topicRefused.body.error.message).toMatch(/1 mailbox\(es\) file their mail under it: support-inbox\); give those mailboxes another topic first$/);

    const graph = await api.patch(admin_('/mailboxes/support-inbox'), { fetch: { method: 'graph' }, active: false }, { token: admin });
    expect(graph.status).toBe(200);
    expect(graph.body).toMatchObject({ fetch: { method: 'graph' }, active: false, address: 'support@example.com' });
    expect((await api.call('DELETE', admin_('/mailboxes/support-inbox'), { token: admin })).status).toBe(204);
    expect((await api.get(admin_('/mailboxes/support-inbox'), { token: admin })).status).toBe(404);
    expect((await api.call('DELETE', admin_('/topics/mail-intake'), { token: admin })).status).toBe(204);

    const trail = (await api.get(admin_('/audit?kind=mailbox&id=support-inbox'), { token: admin })).body.items as { action: string; changed?: string[] }[];
    expect(trail.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(trail[1]!.changed).toEqual(['active', 'fetch']);
  });

  test('a password is refused with where it belongs; a secretRef that no vault takes, an unknown topic too; nothing stored', async () => {
    const withPassword = await api.post(admin_('/mailboxes'), { name: 'Leaky', address: 'leaky@example.com', topicId: 'pc-issues', fetch: { ...imap, password: 'hunter2' } }, { token: admin });
    expect(withPassword.status).toBe(400);
    expect(withPassword.body.error.message).toBe("Invalid body: fetch: never send a password: put it in the help desk's Key Vault (locally a local setting) and name that secret in fetch.secretRef");
    const badRef = await api.post(admin_('/mailboxes'), { name: 'Leaky', address: 'leaky@example.com', topicId: 'pc-issues', fetch: { ...imap, secretRef: 'MAILBOX_PASSWORD' } }, { token: admin });
    expect([badRef.status, badRef.body.error.details]).toEqual([400, [{ path: 'fetch.secretRef', message: expect.stringMatching(/Key Vault secret: 1 to 127 letters, digits and dashes/) }]]);
    const noTopic = await api.post(admin_('/mailboxes'), { name: 'Leaky', address: 'leaky@example.com', topicId: 'nope', fetch: imap }, { token: admin });
    expect([noTopic.status, noTopic.body.error.message]).toEqual([400, "Invalid mailbox: topicId: no help topic 'nope'"]);

    expect(await mailboxesBut(DEMO)).toEqual([]);
    expect(JSON.stringify((await api.get(admin_('/audit?kind=mailbox&limit=100'), { token: admin })).body)).not.toContain('hunter2');
  });
});

describe('the audit trail', () => {
  test('records who changed what, when, with the entry before and after, newest first', async () => {
    const started = new Date().toISOString();
    await api.post(admin_('/departments'), { id: 'audited', name: 'Audited', slaPlanId: 'default' }, { token: admin });
    await api.patch(admin_('/departments/audited'), { autoAssign: true }, { token: admin });
    await api.call('DELETE', admin_('/departments/audited'), { token: admin });
    // A change that changes nothing writes nothing.
    await api.patch(admin_('/departments/support'), { name: 'Support' }, { token: admin });

    const res = await api.get(admin_('/audit?kind=department&id=audited'), { token: admin });
    expect(res.status).toBe(200);
    const items = res.body.items as { action: string; at: string; actor: unknown; before: unknown; after: unknown; changed: string[] }[];
    expect(items.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    const byAdminSinceStart = { actor: { type: 'agent', id: 'admin', name: 'Admin' }, sinceStart: true };
    expect(items.map((e) => ({ actor: e.actor, sinceStart: e.at >= started }))).toEqual([byAdminSinceStart, byAdminSinceStart, byAdminSinceStart]);
    expect(items[1]).toMatchObject({ changed: ['autoAssign'], before: { autoAssign: false }, after: { autoAssign: true } });
    expect(items[0]).toMatchObject({ before: { id: 'audited', autoAssign: true }, after: null });
    expect(items[2]).toMatchObject({ before: null, after: { id: 'audited', name: 'Audited' } });

    const support = (await api.get(admin_('/audit?kind=department&id=support'), { token: admin })).body.items;
    expect(support).toEqual([]);
  });

  test('pages with a cursor and refuses one it did not issue', async () => {
    const first = (await api.get(admin_('/audit?limit=2'), { token: admin })).body;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await api.get(admin_(`/audit?limit=2&cursor=${first.nextCursor}`), { token: admin })).body;
    expect(second.items).toHaveLength(2);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(second.items[0].at <= first.items[1].at).toBe(true);
    expect((await api.get(admin_('/audit?cursor=%%%'), { token: admin })).status).toBe(400);
    expect((await api.get(admin_('/audit?kind=ticket'), { token: admin })).status).toBe(400);
  });
});
