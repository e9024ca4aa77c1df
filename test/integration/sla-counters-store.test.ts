// The SLA counters' adapter against the local Cosmos server with the real SDK (issue 23):
// concurrent counts into one day's document lose no increment, a fact comes in once however often
// it is brought, and a target's placement is kept from its first count on.
import { startLocalCosmos, type LocalCosmos } from '../../local/cosmos-server';
import type { SlaFact } from '../../shared/domain/sla-report';
import type { CosmosSlaCounters } from '../../shared/store/cosmos/sla-counters';
import { CosmosStore } from '../../shared/store/cosmos';

let cosmos: LocalCosmos;
let store: CosmosStore;
let counters: CosmosSlaCounters;

beforeAll(async () => {
  cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  store = new CosmosStore({ endpoint: cosmos.endpoint, database: 'sla-contract', key: 'bG9jYWw=' });
  await store.ensureSchema();
  counters = store.slaCounters; // the account's one client (store/cosmos/client.ts)
});

afterAll(async () => {
  store.dispose();
  await cosmos.stop();
});

const DAY = '2026-11-24';
const outcome = (ticket: number, met: boolean): SlaFact => ({ key: `${ticket}:r1:o`, target: 'resolution', kind: 'outcome', met, day: DAY });
const support = { slaPlanId: 'default', departmentId: 'support' };

test('forty tickets counted at once into the same day: every one counted, none twice', async () => {
  const tickets = Array.from({ length: 40 }, (_, i) => 300000 + i);
  // Each ticket's fact brought twice at the same moment, as a redelivery racing its original would.
  const added = await Promise.all([...tickets, ...tickets].map((n) => counters.countFacts(`${n}:r1`, support, [outcome(n, n % 4 !== 0)])));
  expect(added.reduce((s, n) => s + n, 0)).toBe(40);
  const [day] = await counters.days(DAY, DAY, ['support']);
  expect(day!.resolution).toMatchObject({ met: 30, breached: 10 });
  // Brought again later: nothing new.
  expect(await counters.countFacts('300001:r1', support, [outcome(300001, true)])).toBe(0);
  expect((await counters.days(DAY, DAY, ['support']))[0]!.resolution).toMatchObject({ met: 30, breached: 10 });
});

test('a target keeps the placement of its first count: after a transfer its later facts count where it was', async () => {
  expect(await counters.countFacts('400001:f', support, [{ key: '400001:f:o', target: 'firstResponse', kind: 'outcome', met: false, day: DAY }])).toBe(1);
  // Transferred since: the time reached later still goes to the first department's counters.
  expect(await counters.countFacts('400001:f', { slaPlanId: 'default', departmentId: 'sysadmin' }, [{ key: '400001:f:t', target: 'firstResponse', kind: 'time', minutes: 75, day: DAY }])).toBe(1);
  expect(await counters.days(DAY, DAY, ['sysadmin'])).toEqual([]);
  const [day] = await counters.days(DAY, DAY, ['support']);
  expect(day!.firstResponse.breached).toBe(1);
  expect(day!.firstResponse.minutes.reduce((s, n) => s + n, 0)).toBe(1);
});

test('the report reads only the days and departments asked for, and the backfill walks every ticket', async () => {
  await counters.countFacts('500001:r1', support, [{ ...outcome(500001, true), key: '500001:r1:o', day: '2026-11-30' }]);
  expect((await counters.days('2026-11-25', '2026-11-29', ['support']))).toEqual([]);
  expect((await counters.days('2026-11-24', '2026-11-30', ['support'])).map((d) => d.day).sort()).toEqual(['2026-11-24', '2026-11-30']);
  expect(await counters.days(DAY, DAY, [])).toEqual([]);
  const { newTicket, directory } = await import('../support/mothers');
  for (const number of ['100002', '100001', '1000000']) await store.create(newTicket(directory(), { number }));
  const first = await counters.ticketsAfter(null, 2);
  const rest = await counters.ticketsAfter(first[first.length - 1]!, 2);
  expect([...first, ...rest].sort()).toEqual(['100001', '100002', '1000000'].sort());
  expect(await counters.ticketsAfter(rest[rest.length - 1]!, 2)).toEqual([]);
});
