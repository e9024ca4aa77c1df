// The local trigger host takes its Service Bus concurrency from host.json, as the real host does,
// so the two cannot drift apart.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceBusConcurrency } from '../../../local/trigger-host';

test('the project host.json sets maxConcurrentCalls, and the local host uses it', () => {
  expect(serviceBusConcurrency()).toBe(16);
});

test('a host.json without a usable maxConcurrentCalls is refused, naming the setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'host-json-'));
  for (const body of [{}, { extensions: { serviceBus: { maxConcurrentCalls: 0 } } }, { extensions: { serviceBus: { maxConcurrentCalls: '16' } } }]) {
    writeFileSync(join(dir, 'host.json'), JSON.stringify(body));
    expect(() => serviceBusConcurrency(join(dir, 'host.json'))).toThrow(/extensions\.serviceBus\.maxConcurrentCalls must be a positive integer/);
  }
});
