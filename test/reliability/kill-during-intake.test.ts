// The whole local stack killed (SIGKILL) in the middle of an intake burst, then started again on
// the same data: every ticket that was acknowledged with a 201 exists, and its customer gets the
// auto-response exactly once, whether its event left before the kill or only after the restart
// (the change feed resumes from the lease; a re-sent event is dropped by Service Bus).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { client, startStack, tempDataDir } from '../support/stack';
import { tmpdir } from 'node:os';

const BURST = 40;

/** Ticket numbers of the auto-responses in the outbox, one entry per e-mail. */
function autoResponses(outbox: string): string[] {
  return readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => /^Subject: \[#(\d+)\] We received your request/m.exec(readFileSync(join(outbox, f), 'utf8'))?.[1])
    .filter((n): n is string => n !== undefined);
}

test('killed mid-intake: every acknowledged ticket survives and its customer gets one auto-response', async () => {
  const dataDir = tempDataDir();
  const mailOutbox = mkdtempSync(join(tmpdir(), 'helpdesk-kill-mail-'));
  let stack = await startStack({ dataDir, mailOutbox });
  const api = client(stack.baseUrl);
  const acknowledged: { number: string; accessToken: string }[] = [];
  let sent = 0;
  // Eight at a time; the kill comes once a dozen are acknowledged, with more in flight.
  const killed = new Promise<void>((resolve) => {
    const worker = async () => {
      while (sent < BURST) {
        const i = sent++;
        try {
          const r = await api.post('/tickets', { name: 'Maria', email: `maria${i}@example.org`, topicId: 'other', subject: `Burst ${i}`, message: 'Hello' });
          if (r.status === 201) acknowledged.push(r.body);
          if (acknowledged.length === 12) resolve();
        } catch {
          return; // the stack is gone: not acknowledged
        }
      }
    };
    void Promise.all(Array.from({ length: 8 }, worker)).then(() => resolve());
  });
  await killed;
  await stack.kill();
  expect(acknowledged.length).toBeGreaterThanOrEqual(12);

  stack = await startStack({ dataDir, mailOutbox });
  try {
    const again = client(stack.baseUrl);
    for (const t of acknowledged) expect((await again.get(`/tickets/${t.number}`, { token: t.accessToken })).status).toBe(200);
    const wanted = acknowledged.map((t) => t.number).sort();
    const deadline = Date.now() + 30_000;
    while (!wanted.every((n) => autoResponses(mailOutbox).includes(n)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // A little longer: a second copy would come now if one were coming.
    await new Promise((r) => setTimeout(r, 2_000));
    const mails = autoResponses(mailOutbox);
    expect(wanted.map((n) => [n, mails.filter((m) => m === n).length])).toEqual(wanted.map((n) => [n, 1]));
  } finally {
    await stack.stop();
  }
});
