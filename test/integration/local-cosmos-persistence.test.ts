// The local Cosmos server forgets everything when it stops; the local stack's journal must not.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalCosmos } from '../../local/cosmos-server';
import { CosmosStore } from '../../shared/store/cosmos';
import { directory, newTicket } from '../support/mothers';
import { tempDataDir } from '../support/stack';

const d = directory();

async function withStore<T>(dataDir: string, fn: (store: CosmosStore) => Promise<T>): Promise<T> {
  const cosmos = await startLocalCosmos({ port: 0, dataDir });
  const store = new CosmosStore({ endpoint: cosmos.endpoint, database: 'helpdesk', key: 'bG9jYWw=' });
  try {
    await store.ensureSchema();
    return await fn(store);
  } finally {
    store.dispose();
    await cosmos.stop();
  }
}

test('tickets and their latest versions survive a restart', async () => {
  const dir = tempDataDir();
  await withStore(dir, async (store) => {
    const a = await store.create(newTicket(d, { number: '400001' }));
    await store.replace({ ...a.value, subject: 'second version' }, a.etag);
    await store.create(newTicket(d, { number: '400002' }));
  });
  const restored = await withStore(dir, async (store) => {
    const found = [(await store.get('400001'))?.value.subject, (await store.get('400002'))?.value.number];
    // Restored documents take new etags, and conditional writes keep working on them.
    const again = (await store.get('400001'))!;
    await store.replace({ ...again.value, subject: 'third version' }, again.etag);
    return found;
  });
  expect(restored).toEqual(['second version', '400002']);
  expect(await withStore(dir, async (store) => (await store.get('400001'))?.value.subject)).toBe('third version');
  // Start-up compacts the journal: one line per document, not one per write.
  const lines = readFileSync(join(dir, 'cosmos.jsonl'), 'utf8').trim().split('\n');
  expect(lines.filter((l) => l.includes('"400001"') && l.includes('"put"'))).toHaveLength(1);
});

test('a line torn by a crash mid-write is skipped; everything before it is restored', async () => {
  const dir = tempDataDir();
  await withStore(dir, async (store) => {
    await store.create(newTicket(d, { number: '400003' }));
  });
  appendFileSync(join(dir, 'cosmos.jsonl'), '{"op":"put","db":"helpdesk","coll":"tickets","doc":{"id":"4000');
  expect(await withStore(dir, async (store) => (await store.get('400003'))?.value.number)).toBe('400003');
});

test('queries are not mistaken for writes', async () => {
  const dir = tempDataDir();
  await withStore(dir, async (store) => {
    await store.create(newTicket(d, { number: '400004' }));
    await store.queue({ queue: 'open', agentId: 'john', departmentIds: ['support'], now: new Date().toISOString(), limit: 10 });
  });
  const ops = readFileSync(join(dir, 'cosmos.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { op: string }).op);
  expect(ops.filter((o) => o === 'put')).toHaveLength(1);
});
