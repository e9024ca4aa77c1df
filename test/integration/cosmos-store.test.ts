// The store adapter's contract, run against the local Cosmos server with the real @azure/cosmos SDK.
import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos-server';
import { DomainError } from '../../shared/domain/errors';
import { QUEUES, type Ticket } from '../../shared/domain/model';
import { inQueue } from '../../shared/domain/queues';
import { CosmosStore } from '../../shared/store/cosmos';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';
import { seedDirectory } from '../../shared/app/seed';
import { T0, directory, hoursAfter, newTicket } from '../support/mothers';

let cosmos: LocalCosmos;
let store: CosmosStore;

beforeAll(async () => {
  cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  store = new CosmosStore({ endpoint: cosmos.endpoint, database: 'contract', key: 'bG9jYWw=' });
  await store.ensureSchema();
});

afterAll(async () => {
  store.dispose();
  await cosmos.stop();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'no error';
}

const d = directory();

describe('tickets', () => {
  test('create, read back, and a second create with the same number is a conflict', async () => {
    const t = newTicket(d, { number: '200001' });
    const saved = await store.create(t);
    expect(saved.value).toEqual(t);
    expect(saved.etag).toBeTruthy();
    expect((await store.get('200001'))?.value).toEqual(t);
    expect(await codeOf(store.create(t))).toBe('conflict');
    expect(await store.get('999999')).toBeNull();
  });

  test('replace is conditional on the etag: a stale one is refused and changes nothing', async () => {
    const saved = await store.create(newTicket(d, { number: '200002' }));
    const first = await store.replace({ ...saved.value, subject: 'first' }, saved.etag);
    expect(first.etag).not.toBe(saved.etag);
    expect(await codeOf(store.replace({ ...saved.value, subject: 'stale' }, saved.etag))).toBe('precondition_failed');
    expect((await store.get('200002'))?.value.subject).toBe('first');
  });
});

describe('queues', () => {
  const now = hoursAfter(T0, 2);
  const fixtures: Ticket[] = [];
  let queues: CosmosStore; // a database of its own, holding only these fixtures

  beforeAll(async () => {
    queues = new CosmosStore({ endpoint: cosmos.endpoint, database: 'contract-queues', key: 'bG9jYWw=' });
    await queues.ensureSchema();
    const variants: Partial<Ticket>[] = [
      {},
      { assigneeId: 'john' },
      { assigneeId: 'jane', departmentId: 'sysadmin' },
      { answered: true },
      { overdue: true },
      { dueAt: hoursAfter(T0, 1) },
      { status: 'resolved' },
      { status: 'closed', assigneeId: 'john' },
      { departmentId: 'sysadmin' },
      // Waiting on the customer: only in `pending` and, when assigned to the agent, `mine`.
      { status: 'pending', pendingSince: T0 },
      { status: 'pending', pendingSince: T0, assigneeId: 'john', overdue: true, answered: true },
    ];
    for (let i = 0; i < 27; i++) {
      const v = variants[i % variants.length]!;
      const t: Ticket = {
        ...newTicket(d, { number: String(300000 + i) }),
        ...v,
        lastActivityAt: hoursAfter(T0, i / 100),
        updatedAt: hoursAfter(T0, i / 100),
      };
      t.subject = i === 5 ? 'Printer on fire' : t.subject;
      fixtures.push(t);
      await queues.create(t);
    }
  });

  async function all(queue: (typeof QUEUES)[number], departmentIds: string[], text?: string) {
    const items = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = await queues.queue({ queue, agentId: 'john', departmentIds, now, limit: 4, ...(continuation ? { continuation } : {}), ...(text ? { text } : {}) });
      items.push(...page.items);
      continuation = page.continuation ?? undefined;
      pages++;
    } while (continuation && pages < 50);
    return items;
  }

  test.each(QUEUES.map((q) => [q]))('the %s queue query holds exactly what the domain rule says, in order, across pages', async (queue) => {
    const got = await all(queue, ['support']);
    const expected = fixtures.filter((t) => t.departmentId === 'support' && inQueue(t, queue, 'john', now)).map((t) => t.number);
    expect(got.map((t) => t.number).sort()).toEqual([...expected].sort());
    expect(new Set(got.map((t) => t.number)).size).toBe(got.length);
    const key = queue === 'overdue' ? 'dueAt' : queue === 'closed' ? 'updatedAt' : 'lastActivityAt';
    const values = got.map((t) => t[key] as string);
    const sorted = [...values].sort();
    expect(values).toEqual(queue === 'overdue' ? sorted : sorted.reverse());
  });

  test('only the departments asked for; none means nothing', async () => {
    const got = await all('open', ['sysadmin']);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((t) => t.departmentId === 'sysadmin')).toBe(true);
    expect(await all('open', [])).toEqual([]);
  });

  afterAll(() => queues.dispose());

  test('text search matches the subject case-insensitively, or the number', async () => {
    expect((await all('open', ['support', 'sysadmin'], 'PRINTER')).map((t) => t.number)).toEqual(['300005']);
    expect((await all('open', ['support', 'sysadmin'], '300000')).map((t) => t.number)).toEqual(['300000']);
  });

  test('a summary carries no thread, token hash or outbox', async () => {
    const [first] = await all('open', ['support']);
    expect(Object.keys(first!)).not.toEqual(expect.arrayContaining(['thread']));
    expect(first).not.toHaveProperty('accessTokenHash');
    expect(first).not.toHaveProperty('outbox');
  });
});

describe('the SLA sweep query', () => {
  test('finds the open tickets past each target not yet marked; older tickets without first-response fields are only ever found for resolution', async () => {
    const now = hoursAfter(T0, 3);
    const past = hoursAfter(T0, 1);
    const base = (n: number, spec: Partial<Ticket>): Ticket => ({ ...newTicket(d, { number: String(700_000 + n) }), dueAt: hoursAfter(T0, 9), firstResponseDueAt: past, firstResponseAt: null, firstResponseOverdue: false, ...spec });
    const { firstResponseDueAt: _a, firstResponseAt: _b, firstResponseOverdue: _c, ...older } = base(6, { dueAt: past });
    for (const t of [
      base(1, {}),
      base(2, { firstResponseAt: hoursAfter(T0, 0.5) }),
      base(3, { firstResponseOverdue: true, dueAt: past }),
      base(4, { status: 'closed', dueAt: past }),
      base(5, { firstResponseDueAt: hoursAfter(T0, 4) }),
      older,
    ]) await store.create(t);
    const sorted = async (target: 'resolution' | 'firstResponse') => (await store.dueNotMarked(now, 100, target)).filter((n) => n.startsWith('7000')).sort();
    expect(await sorted('firstResponse')).toEqual(['700001']);
    expect(await sorted('resolution')).toEqual(['700003', '700006']);
    expect(await store.dueNotMarked(now, 1, 'firstResponse')).toHaveLength(1);
  });
});

describe('idempotency records and the directory', () => {
  test('an idempotency record is created once and replaced only with its etag', async () => {
    const rec = { keyHash: 'k1', requestHash: 'r', ticketNumber: '123456', accessToken: 'tok', createdAt: T0 };
    const saved = await store.idempotencyRecords.create(rec);
    expect(await codeOf(store.idempotencyRecords.create(rec))).toBe('conflict');
    expect((await store.idempotencyRecords.get('k1'))?.value).toEqual(rec);
    await store.idempotencyRecords.replace({ ...rec, ticketNumber: '654321' }, saved.etag);
    expect(await codeOf(store.idempotencyRecords.replace(rec, saved.etag))).toBe('precondition_failed');
  });

  test('seeding creates what is missing and never overwrites', async () => {
    expect(await seedDirectory(store.directoryEntries, DEMO_DIRECTORY)).toBe(DEMO_DIRECTORY.length);
    const jane = await store.directoryEntries.get('agent', 'jane');
    await store.directoryEntries.replace({ ...jane!.value, roleId: 'expanded' }, jane!.etag);
    expect(await seedDirectory(store.directoryEntries, DEMO_DIRECTORY)).toBe(0);
    const loaded = await store.directoryEntries.load();
    expect(loaded.agents.find((a) => a.id === 'jane')?.roleId).toBe('expanded');
    expect(loaded.departments.map((x) => x.name)).toEqual(['Support', 'System Administrators']);
  });
});

describe('API keys', () => {
  test('a key stored before scopes existed (no `scopes` field) is read with both; a new one keeps the scopes it was given', async () => {
    // Written as the adapter wrote keys before issue 18, straight through the SDK.
    const { CosmosClient } = await import('@azure/cosmos');
    const raw = new CosmosClient({ endpoint: cosmos.endpoint, key: 'bG9jYWw=', connectionPolicy: { enableEndpointDiscovery: false } });
    await raw.database('contract').container('apiKeys').items.create({ id: 'a'.repeat(64), keyId: 'old-key', name: 'From before', allowedIps: [], createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'admin' });
    raw.dispose();
    await store.apiKeys.create({ keyHash: 'b'.repeat(64), id: 'new-key', name: 'Mail only', allowedIps: ['203.0.113.7'], scopes: ['mail:pipe'], createdAt: '2026-02-01T00:00:00.000Z', createdBy: 'admin' });
    expect([(await store.apiKeys.get('a'.repeat(64)))?.scopes, (await store.apiKeys.get('b'.repeat(64)))?.scopes]).toEqual([['tickets:create', 'mail:pipe'], ['mail:pipe']]);
    const listed = Object.fromEntries((await store.apiKeys.list()).map((k) => [k.id, k.scopes]));
    expect(listed).toMatchObject({ 'old-key': ['tickets:create', 'mail:pipe'], 'new-key': ['mail:pipe'] });
  });
});

describe('intake counters', () => {
  test.each(['new', 'existing'] as const)('expecting %s: the first hit creates the counter at 1, later ones count on, and 20 at once lose no hit', async (likely) => {
    const id = `rate:test-${likely}`;
    const before = cosmos.counts();
    expect(await store.intakeCounters.hit(id, 3600, likely)).toBe(1);
    // What the guess saves: a counter expected new is created in one write, no 404 before it.
    const firstHit = cosmos.counts();
    expect([(firstHit.writes['idempotency'] ?? 0) - (before.writes['idempotency'] ?? 0), firstHit.reads - before.reads]).toEqual(likely === 'new' ? [1, 0] : [2, 0]);
    expect(await store.intakeCounters.hit(id, 3600, likely)).toBe(2);
    const counts = await Promise.all(Array.from({ length: 20 }, () => store.intakeCounters.hit(id, 3600, likely)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
  });
});

describe('claims for work a redelivery finishes (notifications)', () => {
  test('begun is held while young, taken over once stale; finished is not; a plain claim counts as finished', async () => {
    const key = `mail:test-${Date.now()}:autoResponse:maria@example.org`;
    const t0 = new Date();
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(await store.claims.begin(key, t0, 15_000)).toBe('begun');
    expect(await store.claims.begin(key, later(1_000), 15_000)).toBe('held'); // a live delivery is sending it
    // The one who began it died: past the stale age the redelivery takes it over, once.
    expect(await store.claims.begin(key, later(16_000), 15_000)).toBe('begun');
    expect(await store.claims.begin(key, later(17_000), 15_000)).toBe('held');
    await store.claims.finish(key);
    expect(await store.claims.begin(key, later(60_000), 15_000)).toBe('finished');

    const plain = `mailbox:test-${Date.now()}:m1`;
    expect(await store.claims.claim(plain)).toBe(true);
    expect(await store.claims.claim(plain)).toBe(false);
    expect(await store.claims.begin(plain, later(60_000), 15_000)).toBe('finished');
  });
});
