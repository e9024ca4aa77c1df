// Real-shaped mail from the clients customers use (test/fixtures/email/*.eml), posted byte for
// byte to POST /api/inbound/email on the local stack, and read back as an agent sees it: names,
// subjects and text decoded from every charset, replies on the right ticket without the quoted
// history, machines ignored.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DEFAULTS } from '../../local/settings';
import { receivedAuthentic, waitForMail } from '../support/mail';
import { agentToken, client, startStack, type Stack } from '../support/stack';

const FIXTURES = join(__dirname, '..', 'fixtures', 'email');

let stack: Stack;
let api: ReturnType<typeof client>;
let admin: string;

beforeAll(async () => {
  stack = await startStack();
  api = client(stack.baseUrl);
  admin = await agentToken('admin@example.com');
});
afterAll(() => stack.stop());

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${++sequence}`;
/** A sender of its own for every test, so tests never see each other's tickets. */
const sender = (name: string) => `${name}.${unique()}@example.org`;

/**
 * A fixture with its placeholders filled in and every other byte as written (the files are in
 * different charsets, so they are read and written back as latin1, one character per byte).
 */
function fixture(file: string, fill: { from: string; number?: string; messageId?: string }): Buffer {
  const values: Record<string, string | undefined> = { FROM: fill.from, NUMBER: fill.number, MESSAGE_ID: fill.messageId, UNIQUE: unique() };
  const raw = readFileSync(join(FIXTURES, file)).toString('latin1');
  const filled = raw.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${file} needs {{${name}}} filled in`);
    return value;
  });
  return Buffer.from(filled, 'latin1');
}

/** Posts raw bytes as a mail service's inbound webhook does (the test client only sends strings). */
async function postEmail(raw: Buffer): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.baseUrl}/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822', 'x-functions-key': LOCAL_DEFAULTS.INBOUND_EMAIL_KEY },
    body: new Uint8Array(raw),
  });
  return { status: res.status, body: await res.json() };
}

const staffTicket = async (number: string) => (await api.get(`/staff/tickets/${number}`, { token: admin })).body;
const messages = (ticket: { thread: { type: string; body: string }[] }) => ticket.thread.filter((e) => e.type === 'message').map((e) => e.body);

/** The numbers of the tickets, open or closed, whose customer address contains `text`. */
async function ticketsOf(text: string): Promise<string[]> {
  const numbers: string[] = [];
  for (const queue of ['open', 'closed']) {
    const res = await api.get(`/staff/tickets?queue=${queue}&limit=100&q=${encodeURIComponent(text)}`, { token: admin });
    expect(res.status).toBe(200);
    numbers.push(...(res.body.items as { number: string }[]).map((t) => t.number));
  }
  return numbers;
}

const PORTAL_MESSAGE = 'Details to follow by e-mail.';

/** The customer opens a ticket on the portal; returns it with the auto-response's Message-ID, which replies point to. */
async function openOnPortal(name: string, email: string, subject: string) {
  const res = await api.post('/tickets', { name, email, topicId: 'other', subject, message: PORTAL_MESSAGE });
  expect(res.status).toBe(201);
  const number = res.body.number as string;
  const tagged = (m: { to: string; subject: string }) => m.to === email && m.subject.includes(`[#${number}]`);
  const mail = await waitForMail(stack.mailOutbox, (all) => all.some(tagged));
  return { number, messageId: mail.find(tagged)!.messageId };
}

/** The same words in the same order, however the lines are broken (HTML turned to text is wrapped). */
const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

// ------------------------------------------------------------------ what each fixture should become

/** New requests in every charset and transfer encoding: the decoded name, subject and text. */
const NEW_REQUESTS = [
  {
    file: 'plain-thunderbird.eml',
    client: 'Thunderbird (UTF-8, 8bit, format=flowed)',
    name: 'Renée Dubois',
    subject: 'VPN drops every 10 minutes – since Monday’s update',
    // Flowed lines joined again, the stuffed space before "From" removed, the signature kept.
    text:
      "Hello,\n\nsince Monday's update the VPN client drops the connection roughly every ten minutes. The tray icon turns grey and I have to sign in again with the authenticator app each time.\n\n" +
      'From what I can see it happens on the café Wi-Fi and on my phone’s hotspot alike, so I doubt it is the network.\n\n' +
      'Error shown: "Tunnel closed by peer (code 809)"\n\nThanks,\nRenée\n\n-- \nRenée Dubois · Finance, 3rd floor',
  },
  {
    file: 'multipart-alternative-gmail.eml',
    client: 'Gmail (multipart/alternative, base64): the text part',
    name: 'María José Peña',
    subject: 'No puedo acceder a la nómina de noviembre',
    text:
      'Hola,\n\nDesde ayer no puedo acceder a mi nómina de noviembre en el portal de empleados. Me aparece el mensaje «Sesión caducada» aunque acabo de iniciar sesión.\n\n' +
      '¿Podrían revisarlo, por favor? Necesito el documento antes del viernes.\n\nGracias,\nMaría José',
  },
  {
    file: 'iso-8859-1-quoted-printable.eml',
    client: 'Mutt (ISO-8859-1, quoted-printable, encoded-word subject and name)',
    name: 'Jürgen Müller',
    subject: 'Zeiterfassung: Änderungen an Buchungen werden nicht gespeichert',
    text:
      'Hallo zusammen,\n\nseit dem Update am Montag werden Änderungen an meinen Buchungen in der Zeiterfassung nicht mehr gespeichert. Nach dem Klick auf »Übernehmen« erscheint kurz »Gespeichert«, beim erneuten Öffnen ist aber wieder der alte Stand zu sehen.\n\n' +
      'Betroffen sind die Buchungen vom 16. bis 20. November (Projekt »Größenprüfung Süd«, Kostenstelle 4711).\n\nGrüße aus dem Büro\nJürgen Müller',
  },
  {
    file: 'windows-1252.eml',
    client: 'Outlook in plain-text mode (windows-1252: €, curly quotes)',
    name: 'Siobhán O’Brien',
    subject: 'Invoice INV-2026-0419 charged twice – €129.00',
    text:
      'Hello,\n\nOur card was charged twice for invoice INV-2026-0419: €129.00 on 2 November and again €129.00 on 3 November.\n\n' +
      'The portal says “Payment failed” for the first attempt, but our bank statement shows both. Could you refund the duplicate – or credit it against December’s invoice?\n\n' +
      'Kind regards,\nSiobhán O’Brien\nAccounts Payable',
  },
  {
    file: 'iso-2022-jp.eml',
    client: 'Becky! (Japanese in ISO-2022-JP, 7bit)',
    name: '山田 太郎',
    subject: 'VPNに接続できません（認証エラー）',
    text:
      'サポートご担当者様\n\nいつもお世話になっております。\n株式会社サンプルの山田です。\n\n昨日からVPNに接続できません。\n「認証に失敗しました」というエラーが表示されます。\nパスワードは先週変更しました。\n\n' +
      'ご確認のほど、よろしくお願いいたします。\n\n山田 太郎',
  },
  {
    file: 'koi8-r.eml',
    client: 'The Bat! (Russian in KOI8-R, 8bit)',
    name: 'Иван Петров',
    subject: 'Не печатает принтер в бухгалтерии',
    text: 'Здравствуйте!\n\nС утра не печатает принтер в бухгалтерии (кабинет 305). На экране ошибка "Замятие бумаги", хотя бумаги внутри нет.\n\nПерезагрузка не помогла.\n\nС уважением,\nИван Петров',
  },
];

const HTML_ONLY = 'html-only-outlook.eml';
const WITH_ATTACHMENTS = 'multipart-with-attachments.eml';

/** Replies to the auto-response: the text that must be left once the quoted history is trimmed. */
const REPLIES = [
  {
    file: 'reply-gmail.eml',
    client: 'Gmail, its "On ... wrote:" wrapped over two lines',
    name: 'Priya Natarajan',
    subject: 'Laptop fan is very loud',
    reply: 'Thanks for the quick answer! The laptop is a ThinkPad T14 (asset tag\nEX-20931), in case that helps. It gets loud as soon as Teams starts.\n\nPriya',
  },
  {
    file: 'reply-outlook.eml',
    client: 'Outlook, a rule and a From/Sent block above the original',
    name: 'Daniel Okafor',
    subject: 'Second monitor flickers',
    reply: 'Hi,\n\nUnplugging the docking station for a minute fixed it for now. If it happens again I will let you know.\n\nRegards,\nDaniel',
  },
  {
    file: 'reply-outlook-nordic-or-german.eml',
    client: 'German Outlook, a Von/Gesendet block and no rule (ISO-8859-1)',
    name: 'Katrin Schäfer',
    subject: 'Monitor flackert',
    reply: 'Hallo,\n\ndanke für die schnelle Antwort. Der Monitor flackert leider immer noch, auch mit dem neuen Kabel. Soll ich ihn vorbeibringen?\n\nViele Grüße\nKatrin Schäfer',
  },
  {
    file: 'reply-apple-mail.eml',
    client: 'Apple Mail, "On ..., at ..., X wrote:" quoted with the original',
    name: 'Chloé Martin',
    subject: 'Printer prints faint pages',
    reply: 'Thanks — a new toner cartridge did the trick. The pages look fine again.\n\nChloé',
  },
  {
    file: 'reply-iphone.eml',
    client: 'iPhone, "Sent from my iPhone" and then the quote',
    name: 'Marco Rossi',
    subject: 'Wi-Fi in the warehouse',
    // The signature is the customer's own text and stays; only the quote goes.
    reply: 'Yes, it works again after the restart. Thank you!\n\nSent from my iPhone',
  },
];

/** Machines answering the auto-response, and why each is recognised. */
const AUTOMATED = [
  { file: 'auto-reply-exchange.eml', what: 'an Exchange out-of-office reply', reason: /Auto-Submitted: auto-replied/ },
  { file: 'auto-reply-vacation.eml', what: 'a vacation notice without Auto-Submitted', reason: /Precedence: bulk/ },
  { file: 'bounce-dsn.eml', what: 'a bounce (a delivery-status report from MAILER-DAEMON)', reason: /automated mail/ },
];

// ------------------------------------------------------------------ the tests

describe('a new request by e-mail', () => {
  test.each(NEW_REQUESTS)('$client opens a ticket with the sender, subject and text decoded', async ({ file, name, subject, text }) => {
    const from = sender('customer');
    const res = await postEmail(fixture(file, { from }));
    expect(res).toMatchObject({ status: 202, body: { action: 'created', ticket: { number: expect.stringMatching(/^\d{6,9}$/) } } });
    const ticket = await staffTicket(res.body.ticket.number);
    expect(ticket).toMatchObject({ source: 'email', status: 'open', subject, customer: { name, email: from } });
    expect(messages(ticket)).toEqual([text]);
  });

  test('an HTML-only Outlook mail is stored as its text: no markup, no style sheet, no script', async () => {
    const from = sender('tom');
    const res = await postEmail(fixture(HTML_ONLY, { from }));
    expect(res.body.action).toBe('created');
    const ticket = await staffTicket(res.body.ticket.number);
    expect(ticket).toMatchObject({ subject: 'Meeting room projector: no signal (Sales & Marketing)', customer: { name: 'Tom Baker', email: from } });
    const [stored] = messages(ticket) as [string];
    // Entities decoded (&amp; and &nbsp;), UTF-8 quotes and dash intact, the paragraphs kept.
    expect(stored.split(/\n\s*\n/).map((p) => words(p))).toEqual([
      'Hi team,',
      'The projector in meeting room 4.12 (Sales & Marketing) shows “No signal” with every laptop. We tried HDMI and USB-C.',
      'We have a client presentation at 14:00 – could someone look at it before then?',
      'Thanks,',
      'Tom',
    ]);
    expect(stored).not.toMatch(/[<>]|&\w+;|script|document|cookie|tracker|MsoNormal|font-|mso-|WordSection|@page|\[if/i);
    // The &nbsp; paragraphs Outlook puts between paragraphs leave one blank line, not three.
    expect(stored).not.toMatch(/\n[^\S\n]*\n[^\S\n]*\n/);
  });

  test('a mail with a screenshot and a report attached: its text arrives, and both files beside it, byte for byte', async () => {
    const from = sender('sabine');
    const res = await postEmail(fixture(WITH_ATTACHMENTS, { from }));
    expect(res.body.action).toBe('created');
    const ticket = await staffTicket(res.body.ticket.number);
    expect(ticket).toMatchObject({ subject: 'Reisekosten: Speichern schlägt fehl', customer: { name: 'Sabine Köhler', email: from } });
    expect(messages(ticket)).toEqual([
      'Guten Tag,\n\nbeim Speichern einer Reisekostenabrechnung bekomme ich seit heute Mittag eine Zeitüberschreitung. Im Anhang ein Screenshot und der Fehlerbericht aus dem Programm.\n\nViele Grüße\nSabine Köhler',
    ]);
    const files: { filename: string; contentType: string; url: string }[] = ticket.thread[0].attachments;
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      ['screenshot.png', 'image/png'],
      ['Fehlerbericht März.txt', 'text/plain'],
    ]);
    // The bytes as the mail carried them, decoded from base64 and nothing else.
    const raw = fixture(WITH_ATTACHMENTS, { from }).toString('latin1');
    const parts = [...raw.matchAll(/Content-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n\r\n/g)].map((m) => Buffer.from(m[1]!, 'base64'));
    expect(parts).toHaveLength(2);
    const downloaded: Buffer[] = [];
    for (const file of files) {
      const res = await fetch(`${new URL(stack.baseUrl).origin}${file.url}`, { headers: { authorization: `Bearer ${admin}` } });
      downloaded.push(Buffer.from(await res.arrayBuffer()));
    }
    expect(downloaded).toEqual(parts);
    expect(parts[1]!.toString('utf8')).toContain('Zeitüberschreitung beim Speichern');
  });
});

describe('a reply to the auto-response', () => {
  test.each(REPLIES)('from $client: appended to the customer\'s ticket, the quoted history trimmed', async ({ file, name, subject, reply }) => {
    const from = sender('customer');
    const { number, messageId } = await openOnPortal(name, from, subject);
    // As the receiving mail service hands it on: DMARC passed for the sender's domain.
    const res = await postEmail(receivedAuthentic(fixture(file, { from, number, messageId })));
    expect(res).toMatchObject({ status: 202, body: { action: 'appended', ticket: { number } } });
    const ticket = await staffTicket(number);
    expect(ticket.customer).toMatchObject({ name, email: from });
    expect(ticket.addressVerifiedAt).not.toBeNull(); // an authentic reply proves the address too
    expect(messages(ticket)).toEqual([PORTAL_MESSAGE, reply]);
    expect(messages(ticket)[1]).not.toMatch(/Thank you for contacting us|Dear |wrote:|Help desk|helpdesk@|Gesendet|\[#/);
    expect(await ticketsOf(from)).toEqual([number]);
  });
});

describe('automated mail', () => {
  test.each(AUTOMATED)('$what to the auto-response is ignored: nothing appended, no ticket opened', async ({ file, reason }) => {
    const from = sender('customer');
    const { number, messageId } = await openOnPortal('Lena Fischer', from, 'Meeting room booking');
    const res = await postEmail(fixture(file, { from, number, messageId }));
    expect(res).toMatchObject({ status: 202, body: { action: 'ignored', ticket: null, reason: expect.stringMatching(reason) } });
    const ticket = await staffTicket(number);
    expect(ticket.status).toBe('open');
    expect(messages(ticket)).toEqual([PORTAL_MESSAGE]);
    expect(await ticketsOf(from)).toEqual([number]);
    expect(await ticketsOf('mailer-daemon')).toEqual([]);
  });
});

describe('the fixtures', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml'));

  test('keep CRLF line endings, as mail travels', () => {
    expect(files).toContain(WITH_ATTACHMENTS); // the fixtures were found, so the list below is not empty
    const bareLineFeeds = (file: string) => (readFileSync(join(FIXTURES, file)).toString('latin1').match(/(?<!\r)\n/g) ?? []).length;
    expect(files.map((file) => ({ file, bareLineFeeds: bareLineFeeds(file) }))).toEqual(files.map((file) => ({ file, bareLineFeeds: 0 })));
  });

  test('are each driven through the endpoint by a test above', () => {
    const covered = [...NEW_REQUESTS, ...REPLIES, ...AUTOMATED].map((f) => f.file).concat(HTML_ONLY, WITH_ATTACHMENTS);
    expect([...files].sort()).toEqual([...covered].sort());
  });
});
