// The MIME entry point: a raw e-mail whose file name, subject, sender or HTML is hostile text.
import { parseInboundEmail } from '../../../shared/mail/inbound-parser';
import { assertLinear, worst } from './growth';

/** mailparser refuses a head over 1 MiB; headers are kept under it (90%) to time the parsing, not the refusal. */
const underHeadLimit = (text: string) => text.slice(0, Math.floor(text.length * 0.9));
/** A refusal is an answer too: what is timed is reaching one. */
const parse = (mail: Buffer) => parseInboundEmail(mail).catch((err: Error) => err);

// Built by hand rather than with a composer: the point is what arrives, unfolded and unencoded.
const raw = (headers: string, body: string, type = 'text/plain') =>
  Buffer.from(`From: Maria <maria@example.org>\r\nTo: support@example.com\r\n${headers}Content-Type: ${type}; charset=utf-8\r\n\r\n${body}`);

test('an HTML body', async () => {
  await assertLinear((html) => parse(raw('Subject: x\r\n', html, 'text/html')), [worst('<'), worst('<div>'), worst('<table><tr><td>')], 2);
});

test('a subject', async () => {
  await assertLinear((subject) => parse(raw(`Subject: ${underHeadLimit(subject).replace(/[\r\n]/g, ' ')}\r\n`, 'Hi')), [worst(' ', '', 'x'), worst('[#')], 2);
});

test('a sender name and address', async () => {
  await assertLinear((long) => {
      const text = underHeadLimit(long).slice(0, Math.floor(long.length * 0.45));
      return parse(Buffer.from(`From: "${text.replace(/[\r\n"\\]/g, ' ')}" <a${text.replace(/[\s<>"\\@]/g, 'a')}@x.org>\r\nSubject: x\r\n\r\nHi`));
    },
    [worst(' '), worst('.')],
    2,
  );
});

test('a file name', async () => {
  await assertLinear(
    (name) => {
      const safe = underHeadLimit(name).slice(0, Math.floor(name.length * 0.4)).replace(/[\r\n"\\]/g, ' ');
      const body = `--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n--b\r\nContent-Type: application/pdf; name="${safe}"\r\nContent-Disposition: attachment; filename="${safe}"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n`;
      return parse(raw('Subject: x\r\nMIME-Version: 1.0\r\n', body, 'multipart/mixed; boundary="b"'));
    },
    [worst('a', '', '.pdf'), worst('. ', 'a', 'x')],
    2,
  );
});
