// The sockets under the stores: the Service Bus client turns Nagle's algorithm off (a small AMQP
// frame after another otherwise waits for the broker's delayed ACK, ~40 ms; Azure's client socket
// is the same), and the local Cosmos DB keeps its connections alive as Cosmos DB's gateway does
// (it answered `connection: close`, so every SDK request opened a new TCP connection).
import { Agent, request } from 'node:http';
import { Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceBusAdapter } from '../../shared/bus/service-bus';
import { startLocalCosmos } from '../../local/cosmos-server';
import { HELPDESK_ENTITIES, startServiceBusEmulator } from '../../local/servicebus';

test('the Service Bus client sets TCP_NODELAY on its connection to the broker', async () => {
  const bus = await startServiceBusEmulator({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'helpdesk-bus-')), entities: HELPDESK_ENTITIES });
  const setNoDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
  const adapter = new ServiceBusAdapter({ connectionString: bus.connectionString });
  try {
    await adapter.dueTimes.scheduleCheck('100001', new Date(Date.now() + 3_600_000).toISOString());
    // Client sockets only (their remote end is the broker); the emulator sets it on its own side.
    const toBroker = setNoDelay.mock.contexts.flatMap((s, i) => ((s as Socket).remotePort === bus.port ? [setNoDelay.mock.calls[i]![0]] : []));
    expect(toBroker).toContain(true);
  } finally {
    setNoDelay.mockRestore();
    await adapter.close();
    await bus.stop();
  }
});

test('the local Cosmos DB keeps a connection alive between requests', async () => {
  const cosmos = await startLocalCosmos({ port: 0, dataDir: null });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ connection: string | undefined; reused: boolean }>((resolve, reject) => {
      const req = request(`${cosmos.endpoint}/`, { agent, headers: { 'x-ms-date': new Date().toUTCString(), authorization: 'local' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ connection: res.headers.connection, reused: req.reusedSocket }));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    const first = await get();
    const second = await get();
    expect(first.connection).toBe('keep-alive');
    expect(second.reused).toBe(true);
  } finally {
    agent.destroy();
    await cosmos.stop();
  }
});
