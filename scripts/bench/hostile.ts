// Hostile input (issue 14): the time each routine that reads outside text takes on 1 MB of its
// worst input found, per MB. The "before" figures (the old quadratic and cubic routines) were
// measured once by hand and are in the README's Security section: the old code is not kept.
import { automatedReason, messageText, ticketSubject, type InboundEmail } from '../../shared/domain/inbound-email';
import { sanitizeFilename } from '../../shared/domain/attachments';
import { htmlToText } from '../../shared/mail/html-to-text';
import { parseInboundEmail } from '../../shared/mail/inbound-parser';
import { figure, type Figure } from './stats';

const MB = 1024 * 1024;

const withReturnPath = (returnPath: string): InboundEmail => ({
  from: { name: '', address: 'a@example.org' },
  authenticationResults: [],
  to: [],
  subject: '',
  text: '',
  messageId: null,
  fingerprint: '',
  inReplyTo: [],
  references: [],
  attachments: [],
  headers: { autoSubmitted: null, precedence: null, xAutoreply: null, xAutorespond: null, returnPath },
});

/** The worst inputs found for each routine, 1 MB each (the mail just under mailparser's 1 MiB head limit where a header). */
const CASES: { name: string; run: () => unknown }[] = [
  { name: 'file name: 1 MB of `a` + .txt', run: () => sanitizeFilename(`${'a'.repeat(MB)}.txt`) },
  { name: 'subject: 1 MB of blanks + x', run: () => ticketSubject(`${' '.repeat(MB)}x`) },
  { name: 'Return-Path: 1 MB of blanks + x', run: () => automatedReason(withReturnPath(`${' '.repeat(MB)}x`)) },
  { name: 'message text: 1 MB of lines', run: () => messageText('x\n'.repeat(MB / 2)) },
  { name: 'HTML to text: 1 MB of nested <div>', run: () => htmlToText('<div>'.repeat(MB / 5)) },
  { name: 'MIME: 1 MB HTML body of <', run: () => parseInboundEmail(Buffer.from(`From: a@example.org\r\nSubject: x\r\nContent-Type: text/html\r\n\r\n${'<'.repeat(MB)}`)) },
];

export async function benchHostile(opts: { runs: number }): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const c of CASES) {
    await c.run(); // warm-up
    const perRun: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const start = performance.now();
      await c.run();
      perRun.push(performance.now() - start);
    }
    figures.push(figure('hostile input (ms per MB)', c.name, 'ms', perRun));
  }
  return figures;
}
