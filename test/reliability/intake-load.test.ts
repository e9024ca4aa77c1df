// 2,000 tickets opened by 32 clients at once: exactly 2,000 tickets, unique numbers, every one's
// events published through the change feed and delivered (one auto-response per customer), and no
// error anywhere in the stack's log.
import { CosmosClient } from '@azure/cosmos';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { startStack, type Stack } from '../support/stack';
import { customerBody, customerMailNumbers, request, sleep, waitFor } from './support';

const TICKETS = 2_000;
const CONCURRENCY = 32;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(() => stack.stop());

test(`${TICKETS} tickets at concurrency ${CONCURRENCY}: all stored once, numbers unique, every event published`, async () => {
  const numbers: string[] = [];
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < TICKETS; i = next++) {
        const r = await request(stack.baseUrl, 'POST', '/tickets', { json: customerBody(`load-${i}`) });
        if (r.status === 201) numbers.push(r.body.number as string);
        else failures.push(`${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }),
  );
  expect(failures).toEqual([]);
  expect(numbers).toHaveLength(TICKETS);
  expect(new Set(numbers).size).toBe(TICKETS);

  // The store itself: exactly these tickets, each written once (its created event in its outbox:
  // events stay there for the retention and leave through the change feed, issue 20).
  const endpoint = /Cosmos DB:\s+(http:\/\/\S+)/.exec(stack.output())![1]!;
  const cosmos = new CosmosClient({ endpoint, key: LOCAL_DEFAULTS.COSMOS_KEY, connectionPolicy: { enableEndpointDiscovery: false } });
  const tickets = cosmos.database(LOCAL_DEFAULTS.COSMOS_DATABASE).container('tickets');
  try {
    const stored = (await tickets.items.query<{ id: string }>('SELECT c.id FROM c').fetchAll()).resources;
    expect(stored.map((d) => d.id).sort()).toEqual([...numbers].sort());
  } finally {
    cosmos.dispose();
  }

  // Delivered: every customer got exactly one auto-response naming their ticket.
  await waitFor(() => customerMailNumbers(stack.mailOutbox), (m) => m.size >= TICKETS, 120_000, 1_000);
  // Exactly once: counted again after a quiet period, so a late duplicate is seen.
  await sleep(3_000);
  const mails = customerMailNumbers(stack.mailOutbox);
  expect(numbers.filter((n) => mails.get(n) !== 1)).toEqual([]);
  expect(mails.size).toBe(TICKETS);

  // No error but deliberate ones: no 5xx answered, no failed handler or publish in the log.
  const log = stack.output();
  expect(log.split('\n').filter((l) => / 5\d\d [\d.]+ms$/.test(l))).toEqual([]);
  expect(log.split('\n').filter((l) => /failed|dead-letter|Error/i.test(l))).toEqual([]);
}, 300_000);
