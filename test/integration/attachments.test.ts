// Files on tickets, over real HTTP against the local stack with Azurite: customers and agents
// attach them, e-mails and osTicket clients bring them, limits refuse them before anything is
// stored, and only those who may read an entry may download its files.
import { request as httpRequest } from 'node:http';
import { BlobServiceClient } from '@azure/storage-blob';
import MailComposer from 'nodemailer/lib/mail-composer';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { AZURITE_KEY } from '../../local/blob-server';
import { emailedToken, receivedAuthentic, waitForMail } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;
let john: string; // Support
let jane: string; // System Administrators only
let origin: string;
let blobs: BlobServiceClient;

// A real 1×1 PNG, and a small text file.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const LOG = Buffer.from('2026-11-24 10:02:11 ERROR spooler: paper jam in tray 2\n', 'utf8');

const file = (filename: string, content: Buffer, contentType?: string) => ({ filename, data: content.toString('base64'), ...(contentType ? { contentType } : {}) });

let sequence = 0;
const newTicket = (extra: Record<string, unknown> = {}) => ({
  name: 'Maria Customer',
  email: `maria.${Date.now()}.${++sequence}@example.org`,
  topicId: 'pc-issues',
  subject: `Printer jams (${sequence})`,
  message: 'It jams on every page; screenshot and log attached.',
  ...extra,
});

async function storedFiles(): Promise<number> {
  let count = 0;
  for await (const _ of blobs.getContainerClient('attachments').listBlobsFlat()) count++;
  return count;
}

/** Downloads a file as a browser would, with the Authorization header and nothing in the URL. */
async function download(url: string, token?: string) {
  const res = await fetch(`${origin}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  origin = new URL(stack.baseUrl).origin;
  [admin, john, jane] = (await Promise.all(['admin@example.com', 'john@example.com', 'jane@example.com'].map(agentToken))) as [string, string, string];
  const endpoint = /Blob Storage: (\S+)/.exec(stack.output())![1]!;
  blobs = BlobServiceClient.fromConnectionString(`DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=${endpoint};`);
});
afterAll(() => stack.stop());

describe('a customer attaches files to a new ticket', () => {
  let number: string;
  let token: string;
  let files: { id: string; filename: string; contentType: string; size: number; url: string }[];

  beforeAll(async () => {
    const res = await api.post('/tickets', newTicket({ attachments: [file('screenshot.png', PNG, 'image/png'), file('spooler.log', LOG)] }));
    expect(res.status).toBe(201);
    ({ number, accessToken: token } = res.body);
    const view = await api.get(`/tickets/${number}`, { token });
    files = view.body.thread[0].attachments;
  });

  test('the message lists each file with its name, type and size; the type comes from the name when not given', () => {
    expect(files.map(({ filename, contentType, size }) => ({ filename, contentType, size }))).toEqual([
      { filename: 'screenshot.png', contentType: 'image/png', size: PNG.length },
      { filename: 'spooler.log', contentType: 'text/plain', size: LOG.length },
    ]);
    expect(files[0]!.url).toBe(`/api/tickets/${number}/attachments/${files[0]!.id}`);
  });

  test('the customer downloads exactly the bytes they sent, as a download that never renders', async () => {
    const png = await download(files[0]!.url, token);
    expect(png.status).toBe(200);
    expect(png.bytes.equals(PNG)).toBe(true);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBe('attachment; filename="screenshot.png"');
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect(png.headers.get('content-security-policy')).toContain('sandbox');
    expect(png.headers.get('cache-control')).toMatch(/no-store/);
  });

  test('agents of the department see the files and download them; others may not', async () => {
    const staff = await api.get(`/staff/tickets/${number}`, { token: john });
    const staffFiles = staff.body.thread[0].attachments;
    expect(staffFiles.map((f: { filename: string }) => f.filename)).toEqual(['screenshot.png', 'spooler.log']);
    expect(JSON.stringify(staff.body)).not.toMatch(/sha256/);
    const log = await download(staffFiles[1].url, john);
    expect(log.bytes.toString('utf8')).toBe(LOG.toString('utf8'));
    // Jane works in System Administrators only: the Support ticket's files are not hers to read.
    expect((await download(staffFiles[1].url, jane)).status).toBe(403);
  });

  test('without the right token a file cannot be had, nor learned to exist', async () => {
    const other = await api.post('/tickets', newTicket());
    expect((await download(files[0]!.url)).status).toBe(401);
    expect((await download(files[0]!.url, other.body.accessToken)).status).toBe(404);
    expect((await download(`/api/tickets/${number}/attachments/00000000-0000-4000-8000-000000000000`, token)).status).toBe(404);
    const bad = await download(`/api/tickets/${number}/attachments/..%2F..%2Fetc%2Fpasswd`, token);
    expect(bad.status).toBe(400);
  });

  test('the new-ticket alert names the files, and the files stay behind the ticket\'s access', async () => {
    const mail = await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.subject.includes(`[#${number}] New ticket`)));
    const alert = mail.find((m) => m.subject.includes(`[#${number}] New ticket`))!;
    expect(alert.text).toContain('Attached: screenshot.png, spooler.log');
    // Named only: the bytes stay behind the ticket's access, never in a mailbox.
    expect(alert.attachments).toEqual([]);
  });
});

describe('agents attach files to replies and notes', () => {
  test('a file on a response reaches the customer; a file on an internal note never does', async () => {
    const opened = await api.post('/tickets', newTicket());
    const { number, accessToken: createdToken } = opened.body;
    const reply = await api.post(`/staff/tickets/${number}/replies`, { message: 'Please try this driver.', attachments: [file('driver-notes.txt', LOG)] }, { token: john });
    expect(reply.status).toBe(201);
    // The 201 token alone cannot fetch the agent's file (issue 18): not found, as if it did not exist.
    const replyFile = reply.body.thread.find((e: { type: string }) => e.type === 'response').attachments[0];
    expect((await download(`/api/tickets/${number}/attachments/${replyFile.id}`, createdToken)).status).toBe(404);
    // The customer follows the link e-mailed to them.
    const accessToken = await emailedToken(stack.mailOutbox, number);
    const note = await api.post(`/staff/tickets/${number}/notes`, { message: 'Vendor case attached.', attachments: [file('vendor-case.pdf', Buffer.from('%PDF-1.4\n%…\n'))] }, { token: john });
    expect(note.status).toBe(201);
    const noteFile = note.body.thread.find((e: { type: string }) => e.type === 'note').attachments[0];
    expect(noteFile).toMatchObject({ filename: 'vendor-case.pdf', contentType: 'application/pdf' });

    const customer = await api.get(`/tickets/${number}`, { token: accessToken });
    const response = customer.body.thread.find((e: { type: string }) => e.type === 'response');
    expect(response.attachments.map((f: { filename: string }) => f.filename)).toEqual(['driver-notes.txt']);
    expect(JSON.stringify(customer.body)).not.toContain('vendor-case.pdf');
    expect((await download(response.attachments[0].url, accessToken)).status).toBe(200);
    // The note's file id under the customer's route: not found, as if it did not exist.
    expect((await download(`/api/tickets/${number}/attachments/${noteFile.id}`, accessToken)).status).toBe(404);
    expect((await download(noteFile.url, john)).status).toBe(200);

    // The reply notice brings the response's file with it; the note's file goes nowhere.
    const noticeSubject = `[#${number}] ${opened.body.subject}`;
    const mail = await waitForMail(stack.mailOutbox, (all) => all.some((m) => m.subject === noticeSubject));
    const notice = mail.find((m) => m.subject === noticeSubject)!;
    expect(notice.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([['driver-notes.txt', 'text/plain', LOG.toString('utf8')]]);
    expect(mail.filter((m) => m.subject.includes(`[#${number}]`)).flatMap((m) => m.attachments.map((a) => a.filename))).not.toContain('vendor-case.pdf');
  });

  test('an agent without the permission to reply stores no file', async () => {
    const opened = await api.post('/tickets', newTicket());
    const before = await storedFiles();
    const res = await api.post(`/staff/tickets/${opened.body.number}/replies`, { message: 'x', attachments: [file('unique.txt', Buffer.from(`only here ${Date.now()}`))] }, { token: jane });
    expect(res.status).toBe(403);
    expect(await storedFiles()).toBe(before);
  });
});

describe('limits refuse an upload before anything is stored', () => {
  const unique = (label: string) => Buffer.from(`${label} ${Date.now()} ${Math.random()}`);

  test.each([
    ['a file over 10 MB', () => [file('huge.png', Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'image/png')], 413, /huge\.png: the file is 10\.0 MB; files may be at most 10 MB/],
    ['a program', () => [file('setup.exe', unique('MZ'), 'application/x-msdownload')], 400, /setup\.exe: files of type application\/x-msdownload are not accepted/],
    ['a file of unknown type', () => [file('data.bin', unique('bin'))], 400, /data\.bin: files of type application\/octet-stream are not accepted/],
    ['a page sent as a picture', () => [file('invoice.html', unique('<script>'), 'image/png')], 400, /invoice\.html: it is sent as image\/png but its name ends in \.html, which is text\/html; send it as text\/html, or give it the extension of a image\/png file/],
    ['six files', () => Array.from({ length: 6 }, (_, i) => file(`f${i}.txt`, unique(`f${i}`))), 400, /at most 5 files/],
    ['an empty file', () => [file('empty.txt', Buffer.alloc(0))], 400, /empty\.txt: the file is empty/],
    ['data that is not base64', () => [{ filename: 'x.txt', data: 'not base64!' }], 400, /data must be the file in base64/],
  ])('%s', async (_what, attachments, status, message) => {
    const before = await storedFiles();
    const body = newTicket({ attachments: attachments() });
    const res = await api.post('/tickets', body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(await storedFiles()).toBe(before);
    const queue = await api.get(`/staff/tickets?queue=open&q=${encodeURIComponent(body.email as string)}`, { token: admin });
    expect(queue.body.items).toEqual([]);
  });

  test('a ticket the rules refuse (an unknown topic) stores no file either', async () => {
    const before = await storedFiles();
    const res = await api.post('/tickets', newTicket({ topicId: 'no-such-topic', attachments: [file('a.txt', unique('a'))] }));
    expect(res.status).toBe(400);
    expect(await storedFiles()).toBe(before);
  });

  test('a body far beyond every limit is refused by its declared length, unread', async () => {
    expect.assertions(2);
    // node:http, not fetch: fetch refuses to send a declared length its body does not have. Only
    // the headers go; the answer must come without the server waiting for (or reading) the body.
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${stack.baseUrl}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          req.destroy();
        });
      });
      req.on('error', reject);
      // Past the host's 100 MB the Functions host (Kestrel) answers 413 without reading; a server
      // that waits for the 200 MB instead never answers, which this turns into a plain failure.
      req.setTimeout(15_000, () => req.destroy(new Error('no answer in 15 s: the server is waiting for a body it should refuse')));
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).error.code).toBe('too_large');
  });

  test('a client that writes its whole body before reading (fetch) still reads that 413, not a broken connection', async () => {
    const res = await fetch(`${stack.baseUrl}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(120 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('too_large');
  });
});

describe("a file's type must agree with its name", () => {
  test('the known aliases pass and are kept as the type the name gives: a .csv from Excel on Windows, a .zip from Windows', async () => {
    const res = await api.post('/tickets', newTicket({ attachments: [file('export.csv', Buffer.from('a,b\n1,2\n'), 'application/vnd.ms-excel'), file('logs.zip', Buffer.from('PK\u0003\u0004 zip'), 'application/x-zip-compressed')] }));
    expect(res.status).toBe(201);
    const view = await api.get(`/tickets/${res.body.number}`, { token: res.body.accessToken });
    expect(view.body.thread[0].attachments.map((f: { filename: string; contentType: string }) => [f.filename, f.contentType])).toEqual([
      ['export.csv', 'text/csv'],
      ['logs.zip', 'application/zip'],
    ]);
  });

  test('an agent\'s note with a page sent as a picture is refused whole, naming the file, and stores nothing', async () => {
    const opened = await api.post('/tickets', newTicket());
    const before = await storedFiles();
    const res = await api.post(`/staff/tickets/${opened.body.number}/notes`, { message: 'See the invoice.', attachments: [file('invoice.html', Buffer.from(`<script>${Date.now()}</script>`), 'image/png')] }, { token: john });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    expect(res.body.error.details).toEqual([{ path: 'attachments.0', message: expect.stringMatching(/^invoice\.html: it is sent as image\/png but its name ends in \.html, which is text\/html/) }]);
    expect(await storedFiles()).toBe(before);
    expect((await api.get(`/staff/tickets/${opened.body.number}`, { token: john })).body.thread).toHaveLength(1);
  });
});

describe('file names and storage', () => {
  test('names are made safe to save anywhere, and storage never uses them', async () => {
    const res = await api.post('/tickets', newTicket({ attachments: [file('../../etc/passwd.txt', LOG), file('C:\\Users\\maria\\CON.png', PNG, 'image/png'), file('"quoted"<name>.txt', LOG)] }));
    expect(res.status).toBe(201);
    const view = await api.get(`/tickets/${res.body.number}`, { token: res.body.accessToken });
    expect(view.body.thread[0].attachments.map((f: { filename: string }) => f.filename)).toEqual(['passwd.txt', '_CON.png', '_quoted__name_.txt']);
    const names: string[] = [];
    for await (const blob of blobs.getContainerClient('attachments').listBlobsFlat()) names.push(blob.name);
    expect(names.every((n) => /^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(n))).toBe(true);
  });

  test('non-ASCII names are offered for saving as the customer named them', async () => {
    const res = await api.post('/tickets', newTicket({ attachments: [file('Fehlerbericht März.txt', LOG)] }));
    const view = await api.get(`/tickets/${res.body.number}`, { token: res.body.accessToken });
    const got = await download(view.body.thread[0].attachments[0].url, res.body.accessToken);
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="Fehlerbericht Marz.txt"; filename*=UTF-8''Fehlerbericht%20M%C3%A4rz.txt`);
  });

  test('the same bytes are stored once, however often they are sent', async () => {
    const bytes = Buffer.from(`shared logo ${Date.now()}`);
    const before = await storedFiles();
    await Promise.all([1, 2, 3].map(() => api.post('/tickets', newTicket({ attachments: [file('logo.txt', bytes)] }))));
    expect(await storedFiles()).toBe(before + 1);
  });

  test('a retried intake with the same Idempotency-Key and files gives the one ticket', async () => {
    const body = newTicket({ attachments: [file('retry.png', PNG, 'image/png')] });
    const headers = { 'idempotency-key': `attach-${Date.now()}` };
    const first = await api.post('/tickets', body, { headers });
    const again = await api.post('/tickets', body, { headers });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.number).toBe(first.body.number);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('files that arrive by e-mail', () => {
  test('kept within the limits; a file that breaks one is named in the message instead', async () => {
    const from = `mail.${Date.now()}@example.org`;
    const raw = await new MailComposer({
      from: `Maria Customer <${from}>`,
      to: 'support@example.com',
      subject: 'Scanner broken',
      text: 'See the attached photo and log.',
      attachments: [
        { filename: 'photo.png', content: PNG, contentType: 'image/png' },
        { filename: 'Fehlerbericht März.txt', content: LOG },
        { filename: 'tool.exe', content: Buffer.from('MZ...'), contentType: 'application/x-msdownload' },
      ],
    })
      .compile()
      .build();
    const res = await api.call('POST', '/inbound/email', { raw: raw.toString('utf8'), headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY } });
    expect(res.status).toBe(202);
    const ticket = (await api.get(`/staff/tickets/${res.body.ticket.number}`, { token: admin })).body;
    const message = ticket.thread[0];
    expect(message.attachments.map((f: { filename: string; contentType: string }) => [f.filename, f.contentType])).toEqual([
      ['photo.png', 'image/png'],
      ['Fehlerbericht März.txt', 'text/plain'],
    ]);
    expect(message.body).toContain('See the attached photo and log.');
    expect(message.body).toContain('[attachment "tool.exe" was not kept: files of type application/x-msdownload are not accepted');
    expect((await download(message.attachments[0].url, admin)).bytes.equals(PNG)).toBe(true);
  });
});

describe('files that arrive by e-mail: a name and type that disagree', () => {
  test('the file is left out and named in the message, like any other refused file; the rest is kept', async () => {
    const raw = await new MailComposer({
      from: `Maria Customer <mismatch.${Date.now()}@example.org>`,
      to: 'support@example.com',
      subject: 'Invoice',
      text: 'Invoice and photo attached.',
      attachments: [
        { filename: 'invoice.html', content: Buffer.from('<script>alert(1)</script>'), contentType: 'image/png' },
        { filename: 'photo.png', content: PNG, contentType: 'image/png' },
      ],
    })
      .compile()
      .build();
    const res = await api.call('POST', '/inbound/email', { raw: raw.toString('utf8'), headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY } });
    expect([res.status, res.body.action]).toEqual([202, 'created']);
    const message = (await api.get(`/staff/tickets/${res.body.ticket.number}`, { token: admin })).body.thread[0];
    expect(message.attachments.map((f: { filename: string }) => f.filename)).toEqual(['photo.png']);
    expect(message.body).toContain('[attachment "invoice.html" was not kept: it is sent as image/png but its name ends in .html, which is text/html;');
  });
});

describe('the osTicket API', () => {
  let key: string;
  beforeAll(async () => {
    key = (await api.post('/admin/api-keys', { name: `Files ${Date.now()}` }, { token: admin })).body.key;
  });

  test('a file whose name and type disagree refuses the ticket with 400 naming it, as any refused file does', async () => {
    const email = `api.mismatch.${Date.now()}@example.net`;
    const before = await storedFiles();
    const res = await fetch(`${stack.baseUrl}/tickets.json`, {
      method: 'POST',
      headers: { 'X-API-Key': key },
      body: JSON.stringify({ name: 'Angry User', email, subject: 'Invoice', message: 'Attached', attachments: [{ 'invoice.html': `data:image/png;base64,${Buffer.from('<script>x</script>').toString('base64')}` }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/invoice\.html: it is sent as image\/png but its name ends in \.html, which is text\/html/);
    expect(await storedFiles()).toBe(before);
    expect((await api.get(`/staff/tickets?queue=open&q=${encodeURIComponent(email)}`, { token: admin })).body.items).toEqual([]);
  });

  test("tickets.json takes osTicket's data-URL attachments, as its documentation shows them", async () => {
    const res = await fetch(`${stack.baseUrl}/tickets.json`, {
      method: 'POST',
      headers: { 'X-API-Key': key },
      body: JSON.stringify({
        name: 'Angry User',
        email: `api.${Date.now()}@example.net`,
        subject: 'Testing API',
        message: 'MESSAGE HERE',
        attachments: [{ 'file.txt': 'data:text/plain;charset=utf-8,content' }, { 'image.png': `data:image/png;base64,${PNG.toString('base64')}` }],
      }),
    });
    expect(res.status).toBe(201);
    const number = await res.text();
    const ticket = (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
    const files = ticket.thread[0].attachments;
    expect(files.map((f: { filename: string; size: number }) => [f.filename, f.size])).toEqual([
      ['file.txt', 7],
      ['image.png', PNG.length],
    ]);
    expect((await download(files[0].url, admin)).bytes.toString()).toBe('content');
  });

  test('alert: false keeps the new ticket out of the agents\' alerts; the customer still hears', async () => {
    const email = `noalert.${Date.now()}@example.net`;
    const res = await fetch(`${stack.baseUrl}/tickets.json`, {
      method: 'POST',
      headers: { 'X-API-Key': key },
      body: JSON.stringify({ name: 'Quiet', email, subject: 'No alert please', message: 'Hello', alert: false }),
    });
    const number = await res.text();
    const loud = await fetch(`${stack.baseUrl}/tickets.json`, {
      method: 'POST',
      headers: { 'X-API-Key': key },
      body: JSON.stringify({ name: 'Loud', email: `loud.${email}`, subject: 'Alert please', message: 'Hello' }),
    });
    const loudNumber = await loud.text();
    // The later ticket's alert going out shows the notifier got past the quiet one.
    const mail = await waitForMail(
      stack.mailOutbox,
      (all) => all.some((m) => m.subject.includes(`[#${loudNumber}] New ticket`)) && all.some((m) => m.to === email && m.subject.includes(`[#${number}]`)),
    );
    expect(mail.filter((m) => m.subject.includes(`[#${number}] New ticket`))).toEqual([]);
  });

  test('tickets.email takes a raw e-mail from the mail-piping scripts: a new ticket, then a reply, each answered with the number', async () => {
    const from = `pipe.${Date.now()}@example.org`;
    const pipe = (raw: Buffer) =>
      // automail.php posts the message as curl POSTFIELDS: a form Content-Type, whatever the body is.
      fetch(`${stack.baseUrl}/tickets.email`, { method: 'POST', headers: { 'X-API-Key': key, 'content-type': 'application/x-www-form-urlencoded' }, body: new Uint8Array(raw) });
    const first = await pipe(await new MailComposer({ from, to: 'support@example.com', subject: 'VPN down', text: 'Cannot connect.', attachments: [{ filename: 'error.png', content: PNG }] }).compile().build());
    expect(first.status).toBe(201);
    const number = await first.text();
    expect(number).toMatch(/^\d{6}$/);
    // The MTA in front of the pipe checked the reply and says so (it is trusted, like the webhook's service).
    const reply = await pipe(receivedAuthentic(await new MailComposer({ from, to: 'support@example.com', subject: `Re: [#${number}] VPN down`, text: 'Still down.' }).compile().build()));
    expect([reply.status, await reply.text()]).toEqual([201, number]);
    const ticket = (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
    expect(ticket.thread.filter((e: { type: string }) => e.type === 'message').map((e: { body: string }) => e.body)).toEqual(['Cannot connect.', 'Still down.']);
    expect(ticket.thread[0].attachments[0].filename).toBe('error.png');
  });

  test('tickets.email answers automated mail with 201 and no number, so the MTA neither retries nor bounces it', async () => {
    const raw = await new MailComposer({ from: 'mailer-daemon@example.org', to: 'support@example.com', subject: 'Undelivered Mail', text: 'Delivery failed' }).compile().build();
    const res = await fetch(`${stack.baseUrl}/tickets.email`, { method: 'POST', headers: { 'X-API-Key': key }, body: new Uint8Array(raw) });
    expect([res.status, await res.text(), res.headers.get('x-helpdesk-action')]).toEqual([201, '', 'ignored']);
  });

  test('tickets.email without a valid key is 401 in plain text', async () => {
    const res = await fetch(`${stack.baseUrl}/tickets.email`, { method: 'POST', headers: { 'X-API-Key': 'wrong' }, body: 'From: a@example.org\r\n\r\nhi' });
    expect([res.status, await res.text()]).toEqual([401, 'API key not authorized']);
  });
});

describe('limits are settings', () => {
  test('the defaults are advertised for forms to say before anything is sent', async () => {
    const res = await api.get('/attachments/limits');
    expect(res.body).toMatchObject({ maxBytes: 10 * 1024 * 1024, maxCount: 5, allowedTypes: expect.arrayContaining(['image/png', 'application/pdf']) });
  });

  test('an operator who sets them gets them enforced and advertised', async () => {
    const strict = await startStack({ env: { ATTACHMENT_MAX_BYTES: '1000', ATTACHMENT_MAX_COUNT: '2', ATTACHMENT_TYPES: 'text/plain, image/*' } });
    try {
      const local = client(strict.baseUrl);
      expect((await local.get('/attachments/limits')).body).toEqual({ maxBytes: 1000, maxCount: 2, allowedTypes: ['text/plain', 'image/*'] });
      const refused = await local.post('/tickets', newTicket({ attachments: [file('a.txt', Buffer.alloc(1001, 97)), file('b.pdf', Buffer.from('%PDF'))] }));
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.map((d: { message: string }) => d.message)).toEqual([
        'a.txt: the file is 1001 bytes; files may be at most 1000 bytes',
        'b.pdf: files of type application/pdf are not accepted; allowed: text/plain, image/*',
      ]);
      expect((await local.post('/tickets', newTicket({ attachments: [file('a.txt', LOG), file('b.webp', PNG, 'image/webp')] }))).status).toBe(201);
    } finally {
      await strict.stop();
    }
  });
});
