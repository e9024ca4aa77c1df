// Hostile mail over real HTTP against the local stack: a 1 MB file name, a 1 MB blank subject and a
// 1 MB HTML body of `<` each get their answer (jest's timeout is the only clock: no timed assertion;
// the growth of each routine is the property tests' business, test/unit/hostile).
import { LOCAL_DEFAULTS } from '../../local/settings';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  admin = await agentToken('admin@example.com');
});
afterAll(() => stack.stop());

const MB = 1_000_000;
let sequence = 0;
const sender = () => `hostile.${Date.now()}.${++sequence}@example.org`;

/** Built by hand, not with a composer, which would fold and encode what an attacker sends as it is. */
function mail(from: string, headers: string, body: string, type = 'text/plain; charset=utf-8'): string {
  return `From: Eve <${from}>\r\nTo: support@example.com\r\nMIME-Version: 1.0\r\n${headers}Content-Type: ${type}\r\n\r\n${body}`;
}

function postEmail(raw: string) {
  return api.call('POST', '/inbound/email', { raw, headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY } });
}

const staffTicket = async (number: string) => (await api.get(`/staff/tickets/${number}`, { token: admin })).body;

test('a file name of 1 MB: the ticket opens, the file kept under a name cut to 200 bytes with its extension', async () => {
  const name = `${'a'.repeat(MB)}.pdf`;
  const body = `--b\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('%PDF-1.4 x').toString('base64')}\r\n--b--\r\n`;
  const res = await postEmail(mail(sender(), 'Subject: a file\r\n', body, 'multipart/mixed; boundary="b"'));
  expect(res.status).toBe(202);
  expect(res.body.action).toBe('created');
  const ticket = await staffTicket(res.body.ticket.number);
  const files = ticket.thread.flatMap((e: { attachments?: { filename: string }[] }) => e.attachments ?? []);
  expect(files).toHaveLength(1);
  expect(files[0].filename).toMatch(/^a+\.pdf$/);
  expect(Buffer.byteLength(files[0].filename)).toBe(200);
});

test('a subject of 1 MB of blanks: the ticket opens under what follows the blanks', async () => {
  const res = await postEmail(mail(sender(), `Subject: ${' '.repeat(MB)}x\r\n`, 'Hello'));
  expect(res.status).toBe(202);
  expect(res.body.action).toBe('created');
  // Blanks after the colon are no part of the value (RFC 5322 unfolding, as mailparser reads it).
  expect((await staffTicket(res.body.ticket.number)).subject).toBe('x');
});

test('an HTML body of 1 MB of `<`: the ticket opens, its text the first 100,000 characters and a note', async () => {
  const res = await postEmail(mail(sender(), 'Subject: angle brackets\r\n', '<'.repeat(MB), 'text/html; charset=utf-8'));
  expect(res.status).toBe(202);
  expect(res.body.action).toBe('created');
  const [message] = (await staffTicket(res.body.ticket.number)).thread.filter((e: { type: string }) => e.type === 'message');
  expect(message.body).toMatch(/^<{1000}/);
  expect(message.body).toContain('truncated');
  expect(message.body.length).toBeLessThanOrEqual(100_000);
});
