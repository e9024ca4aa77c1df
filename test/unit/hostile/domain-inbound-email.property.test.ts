// The text of an inbound e-mail (subject, sender, headers, body) is read in linear time.
import {
  automatedReason,
  customerName,
  messageText,
  referencedTicket,
  ticketSubject,
  trimQuotedHistory,
  type InboundEmail,
} from '../../../shared/domain/inbound-email';
import { assertLinear, worst } from './growth';

const mail = (over: Partial<InboundEmail> & { returnPath?: string | null }): InboundEmail => ({
  from: { name: '', address: 'maria@example.org' },
  to: ['support@example.com'],
  subject: 'Hello',
  text: 'Hi',
  messageId: null,
  fingerprint: 'x',
  inReplyTo: [],
  references: [],
  attachments: [],
  authenticationResults: [],
  headers: { autoSubmitted: null, precedence: null, xAutoreply: null, xAutorespond: null, returnPath: over.returnPath ?? null },
  ...over,
});

test('a new ticket\'s subject: tags removed, one line', async () => {
  await assertLinear(ticketSubject, [worst(' ', '', 'x'), worst(' [#', '', 'x')]);
});

test('the [#n] tag that threads a reply', async () => {
  await assertLinear((subject) => referencedTicket(mail({ subject }), 'example.com'), [worst('[#1234567'), worst(' ', '', '[#123456]')]);
});

test('the sender\'s name', async () => {
  await assertLinear((name) => customerName(mail({ from: { name, address: 'maria@example.org' } })), [worst(' ', '', 'x')]);
});

test('automated-mail signs: Return-Path and the sender\'s address', async () => {
  await assertLinear((returnPath) => automatedReason(mail({ returnPath })), [worst(' ', '', 'x'), worst(' ', '<', '>x')]);
  await assertLinear((address) => automatedReason(mail({ from: { name: '', address } })), [worst('a'), worst('@')], 3);
});

test('quoted-history trimming', async () => {
  await assertLinear(trimQuotedHistory, [worst('On '), worst('> \n'), worst('-'), worst('From: x\n'), worst('\n')]);
});

test('the stored message text', async () => {
  await assertLinear(messageText, [worst('x\n'), worst(' \n'), worst('\u0001')]);
});
