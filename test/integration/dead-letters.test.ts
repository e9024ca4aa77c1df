// When sending keeps failing, the event ends in the dead letters after the maximum number of
// deliveries; an operator lists it, fixes the cause, and resubmits it.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventually, quietPeriod, readOutbox } from '../support/mail';
import { client, startStack } from '../support/stack';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

test('a notification whose mail server is down is dead-lettered, then resubmitted once the server is up', async () => {
  const smtpPort = await freePort();
  const stack = await startStack({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
  const deadLetters = (...args: string[]) =>
    run(process.execPath, ['dist/scripts/dead-letters.js', ...args, '--connection-string', stack.serviceBus], { cwd: ROOT });
  try {
    const ticket = (await client(stack.baseUrl).post('/tickets', { name: 'Maria', email: 'maria@example.org', topicId: 'other', subject: 'Mail is down', message: 'Hi' })).body;

    const letters = await eventually(
      async () => JSON.parse((await deadLetters('list', '--entity', 'notifications', '--json')).stdout) as { ticketNumber: string; reason: string; deliveryCount: number }[],
      (l) => l.length > 0,
      20_000,
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ ticketNumber: ticket.number, reason: 'MaxDeliveryCountExceeded' });
    expect(stack.output()).toMatch(/\[events-notify\] message \S+ failed \(delivery \d+\); it will be retried: .*ECONNREFUSED/);
    expect(await readOutbox(stack.mailOutbox)).toEqual([]); // nothing went out, so nothing is recorded as sent

    // The mail server comes up; the operator resubmits, and the mail goes out, once each.
    const received: ParsedMail[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        simpleParser(stream).then((m) => received.push(m)).finally(() => done());
      },
    });
    await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
    try {
      expect((await deadLetters('resubmit', '--entity', 'notifications')).stdout).toMatch(/Resubmitted 1 message/);
      await eventually(async () => received.length, (n) => n >= 3);
      // Exactly once: a late duplicate would arrive after the expected three.
      await quietPeriod();
      expect(received).toHaveLength(3);
      const recipients = received.flatMap((m) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address)));
      expect(recipients.sort()).toEqual(['admin@example.com', 'john@example.com', 'maria@example.org']);
      expect(received.every((m) => m.subject?.startsWith(`[#${ticket.number}]`))).toBe(true);
      expect(JSON.parse((await deadLetters('list', '--json')).stdout)).toEqual([]);
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  } finally {
    await stack.stop();
  }
});

test('the dead-letters command explains itself and refuses bad arguments', async () => {
  expect((await run(process.execPath, ['dist/scripts/dead-letters.js', '--help'], { cwd: ROOT })).stdout).toMatch(/^Usage: npm run dead-letters/);
  await expect(run(process.execPath, ['dist/scripts/dead-letters.js', 'resubmit'], { cwd: ROOT })).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/resubmit needs --entity/) });
  await expect(run(process.execPath, ['dist/scripts/dead-letters.js', 'list', '--entity', 'mars'], { cwd: ROOT })).rejects.toMatchObject({ code: 2 });
});
