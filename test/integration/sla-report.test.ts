// SLA figures on the local stack (issue 23): tickets taken through their lifecycle over HTTP, the
// events left to flow to the stats consumer, and the report compared with a count made directly
// from the tickets' own SLA standing. A redelivered event, and a backfill over the same tickets,
// add nothing.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CosmosClient } from '@azure/cosmos';
import { ServiceBusClient } from '@azure/service-bus';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { histogramOf, medianOf } from '../../shared/domain/sla-report';
import { SLA_COUNTERS } from '../../shared/store/containers';
import { toCloudEvent } from '../../shared/schemas/events';
import { eventually, waitForLog } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let john: string;
let jane: string;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  admin = await agentToken('admin@example.com');
  john = await agentToken('john@example.com');
  jane = await agentToken('jane@example.com');
});
afterAll(() => stack.stop());

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const range = () => `from=${dayOffset(-1)}&to=${dayOffset(1)}`;

interface Standing {
  dueAt: string | null;
  doneAt: string | null;
  met: boolean | null;
}
interface StaffTicket {
  number: string;
  slaPlanId: string;
  departmentId: string;
  createdAt: string;
  slaAnchorAt: string;
  firstResponseAt?: string | null;
  slaPauses?: { from: string; to: string }[];
  sla: { firstResponse: Standing | null; resolution: Standing };
}

/** Business minutes on the 24/7 schedule: wall time less the pending spells inside it. */
function minutesBetween(from: string, to: string, pauses: StaffTicket['slaPauses']): number {
  let ms = Date.parse(to) - Date.parse(from);
  for (const p of pauses ?? []) ms -= Math.max(0, Math.min(Date.parse(p.to), Date.parse(to)) - Math.max(Date.parse(p.from), Date.parse(from)));
  return ms / 60_000;
}

/** The figures counted straight from the tickets: per plan and department, outcomes from `sla`, times from the timestamps. */
function directCount(tickets: StaffTicket[]) {
  const rows = new Map<string, { fr: { met: number; breached: number; times: number[] }; res: { met: number; breached: number; times: number[] } }>();
  for (const t of tickets) {
    const key = `${t.slaPlanId}/${t.departmentId}`;
    const row = rows.get(key) ?? { fr: { met: 0, breached: 0, times: [] }, res: { met: 0, breached: 0, times: [] } };
    rows.set(key, row);
    const fr = t.sla.firstResponse;
    if (fr?.met === true) row.fr.met++;
    if (fr?.met === false) row.fr.breached++;
    if (t.firstResponseAt) row.fr.times.push(minutesBetween(t.createdAt, t.firstResponseAt, t.slaPauses));
    if (t.sla.resolution.met === true) row.res.met++;
    if (t.sla.resolution.met === false) row.res.breached++;
    if (t.sla.resolution.doneAt) row.res.times.push(minutesBetween(t.slaAnchorAt, t.sla.resolution.doneAt, t.slaPauses));
  }
  const figures = (x: { met: number; breached: number; times: number[] }) => {
    const minutes = histogramOf(x.times);
    return { due: x.met + x.breached, met: x.met, breached: x.breached, reached: x.times.length, median: medianOf(minutes), minutes };
  };
  return Object.fromEntries(
    [...rows].filter(([, r]) => r.fr.met + r.fr.breached + r.fr.times.length + r.res.met + r.res.breached + r.res.times.length > 0).map(([k, r]) => [k, { firstResponse: figures(r.fr), resolution: figures(r.res) }]),
  );
}

interface ReportRow {
  slaPlanId: string;
  departmentId: string;
  firstResponse: unknown;
  resolution: unknown;
}
const asMap = (rows: ReportRow[]) => Object.fromEntries(rows.map((r) => [`${r.slaPlanId}/${r.departmentId}`, { firstResponse: r.firstResponse, resolution: r.resolution }]));

let seeded: string[] = [];

test('the report equals a direct count over tickets taken through their lifecycle', async () => {
  // Targets: Default gets a first-response target of an hour; Quick breaches in seconds.
  expect((await api.patch('/admin/sla-plans/default', { firstResponseHours: 1 }, { token: admin })).status).toBe(200);
  const quick = await api.post('/admin/sla-plans', { name: 'Quick', gracePeriodHours: 0.004, firstResponseHours: 0.002, scheduleId: '24-7' }, { token: admin });
  expect(quick.status).toBe(201);
  const topic = async (name: string, departmentId: string, slaPlanId: string | null) => (await api.post('/admin/topics', { name, departmentId, slaPlanId }, { token: admin })).body.id as string;
  const quickSupport = await topic('Quick support', 'support', quick.body.id);
  const quickServers = await topic('Quick servers', 'sysadmin', quick.body.id);
  const servers = await topic('Servers', 'sysadmin', null); // the department's plan: Default
  const open = async (topicId: string, subject: string) => {
    const res = await api.post('/tickets', { name: 'Rita Customer', email: 'rita@example.org', topicId, subject, message: 'Please help.' });
    expect(res.status).toBe(201);
    seeded.push(res.body.number);
    return res.body.number as string;
  };
  const reply = async (n: string, status?: string) => expect((await api.post(`/staff/tickets/${n}/replies`, { message: 'On it.', ...(status ? { status } : {}) }, { token: admin })).status).toBe(201);
  const patch = async (n: string, body: object) => expect((await api.patch(`/staff/tickets/${n}`, body, { token: admin })).status).toBe(200);

  const answered = await open('other', 'Answered and resolved'); // Default/Support: both met
  await reply(answered, 'resolved');
  const waited = await open('other', 'Waited on the customer'); // Default/Support: met, with a pause
  await reply(waited, 'pending');
  await new Promise((r) => setTimeout(r, 1500));
  await patch(waited, { status: 'resolved' });
  const server = await open(servers, 'Server answered'); // Default/System Administrators: first response met, resolution still running
  await reply(server);
  await open('other', 'Untouched'); // nothing to count yet
  const ignored = await open(quickSupport, 'Nobody looked'); // Quick/Support: both breached
  const late = await open(quickSupport, 'Answered, resolved late'); // Quick/Support: first response met, resolution breached
  await reply(late);
  const fast = await open(quickServers, 'Fast servers'); // Quick/System Administrators: both met
  await reply(fast, 'resolved');

  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${ignored} first response is overdue`), 1, 45_000);
  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${ignored} is overdue`), 1, 45_000);
  await waitForLog(stack.output, new RegExp(`\\[sla-timer\\] #${late} is overdue`), 1, 45_000);
  await patch(late, { status: 'resolved' });

  const tickets = await Promise.all(seeded.map(async (n) => (await api.get<StaffTicket>(`/staff/tickets/${n}`, { token: admin })).body));
  const expected = directCount(tickets);
  // The seed covers each outcome: met and breached for both targets, times with and without pauses.
  expect(expected['default/support']).toMatchObject({ firstResponse: { met: 2, breached: 0 }, resolution: { met: 2, breached: 0, reached: 2 } });
  expect(expected[`${quick.body.id}/support`]).toMatchObject({ firstResponse: { met: 1, breached: 1, reached: 1 }, resolution: { met: 0, breached: 2, reached: 1 } });
  expect(expected['default/sysadmin']).toMatchObject({ firstResponse: { met: 1 }, resolution: { due: 0, reached: 0 } });
  expect(Object.keys(expected).sort()).toEqual(['default/support', 'default/sysadmin', `${quick.body.id}/support`, `${quick.body.id}/sysadmin`].sort());

  // The events flow to the counters; the report reads them, and agrees with the direct count.
  const report = await eventually(
    async () => (await api.get(`/staff/sla-report?${range()}`, { token: admin })).body,
    (body) => JSON.stringify(asMap(body.rows ?? [])) === JSON.stringify(expected),
    30_000,
  );
  expect(asMap(report.rows)).toEqual(expected);
  expect(report.rows.find((r: ReportRow) => r.slaPlanId === quick.body.id && r.departmentId === 'support')).toMatchObject({ slaPlanName: 'Quick', departmentName: 'Support' });

  // One department only: its rows and no other.
  const sysadmin = await api.get(`/staff/sla-report?${range()}&department=sysadmin`, { token: admin });
  expect(sysadmin.body.rows.map((r: ReportRow) => r.departmentId)).toEqual(['sysadmin', 'sysadmin']);
}, 120_000);

test('a redelivered event counts nothing twice', async () => {
  const before = (await api.get(`/staff/sla-report?${range()}`, { token: admin })).body.rows;
  const number = seeded[0]!;
  const bus = new ServiceBusClient(stack.serviceBus);
  const sender = bus.createSender('ticket-events');
  // The same event twice, under other message ids (past duplicate detection), as a redelivery looks to the consumer.
  const event = toCloudEvent({ id: `replayed-${number}`, type: 'status.changed', ticketNumber: number, time: new Date().toISOString(), actor: { type: 'agent', id: 'admin', name: 'Admin' }, data: { from: 'open', to: 'pending' } });
  const ids = [`stats-copy-1-${number}`, `stats-copy-2-${number}`];
  try {
    await sender.sendMessages(ids.map((messageId) => ({ messageId, body: event, contentType: 'application/cloudevents+json' })));
    const lines = await waitForLog(stack.output, new RegExp(`\\[events-stats\\] #${number} status\\.changed \\(message (stats-copy-[12]-${number})\\): (\\d+) SLA figure`), 2);
    expect(lines.map((m) => m[1]).sort()).toEqual(ids);
    expect(lines.map((m) => Number(m[2]))).toEqual([0, 0]);
  } finally {
    await sender.close();
    await bus.close();
  }
  expect((await api.get(`/staff/sla-report?${range()}`, { token: admin })).body.rows).toEqual(before);
});

test('the backfill builds the counters from the tickets; run again, it adds nothing', async () => {
  const before = (await api.get(`/staff/sla-report?${range()}`, { token: admin })).body.rows;
  expect(before.length).toBeGreaterThan(0);
  const endpoint = /Cosmos DB:\s+(http:\/\/\S+)/.exec(stack.output())![1]!;
  // The counters lost (as before the consumer existed): every document of the container removed.
  const cosmos = new CosmosClient({ endpoint, key: LOCAL_DEFAULTS.COSMOS_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
  const container = cosmos.database(LOCAL_DEFAULTS.COSMOS_DATABASE).container(SLA_COUNTERS.id);
  const { resources } = await container.items.query<{ id: string }>('SELECT c.id FROM c').fetchAll();
  for (const { id } of resources) await container.item(id, id).delete();
  cosmos.dispose();
  expect((await api.get(`/staff/sla-report?${range()}`, { token: admin })).body.rows).toEqual([]);

  const backfill = async () =>
    (await promisify(execFile)(process.execPath, [join(__dirname, '..', '..', 'dist', 'scripts', 'sla-backfill.js'), '--endpoint', endpoint], { env: { ...process.env, COSMOS_KEY: '', COSMOS_ENDPOINT: '' } })).stdout;
  const first = await backfill();
  expect(first).toMatch(new RegExp(`  ${seeded.length} ticket\\(s\\) read, up to #\\d+: [1-9]\\d* figure\\(s\\) newly counted`));
  expect((await api.get(`/staff/sla-report?${range()}`, { token: admin })).body.rows).toEqual(before);
  const second = await backfill();
  expect(second).toContain(`Done: ${seeded.length} ticket(s) read, 0 figure(s) newly counted (all were counted already).`);
  expect((await api.get(`/staff/sla-report?${range()}`, { token: admin })).body.rows).toEqual(before);
});

test('who may read it, and bad ranges', async () => {
  const get = (q: string, token = admin) => api.get(`/staff/sla-report?${q}`, { token });
  const john403 = await get(range(), john);
  expect(john403.status).toBe(403);
  expect(john403.body.error.message).toMatch(/stats\.agents/);
  // Jane sees System Administrators only: given the permission, her report has its rows and no others.
  expect((await api.patch('/admin/agents/jane', { permissions: ['stats.agents'] }, { token: admin })).status).toBe(200);
  const janes = await eventually(() => get(range(), jane), (r) => r.status === 200, 15_000);
  expect(janes.body.rows.length).toBeGreaterThan(0);
  expect(janes.body.rows.every((r: ReportRow) => r.departmentId === 'sysadmin')).toBe(true);
  expect((await get(`${range()}&department=support`, jane)).status).toBe(403);

  const bad: [string, RegExp][] = [
    [`from=${dayOffset(1)}&to=${dayOffset(0)}`, /from must not be after to/],
    ['from=2026-02-30&to=2026-03-01', /from must be a date such as/],
    ['from=yesterday&to=2026-03-01', /from must be a date such as/],
    ['from=2026-03-01', /to/],
    ['from=2024-01-01&to=2025-01-01', /spans 367 days; ask for at most 366/],
    [`${range()}&department=nowhere`, /no department nowhere/],
    [`${range()}&extra=1`, /extra/],
  ];
  for (const [q, message] of bad) {
    const res = await get(q);
    expect({ q, status: res.status }).toEqual({ q, status: 400 });
    expect(res.body.error.message).toMatch(message);
  }
  expect((await get('from=2024-01-01&to=2024-12-31')).status).toBe(200); // 366 days: a leap year
});
