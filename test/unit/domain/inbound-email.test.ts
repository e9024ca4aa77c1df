import {
  NO_SUBJECT,
  TRUNCATION_NOTE,
  automatedReason,
  customerName,
  decideIntake,
  messageText,
  referencedTicket,
  ticketSubject,
  topicForRecipients,
  trimQuotedHistory,
  type InboundEmail,
} from '../../../shared/domain/inbound-email';
import { customerReply, hasEmailMessage } from '../../../shared/domain/lifecycle';
import { T0, at, directory, hoursAfter, newTicket } from '../../support/mothers';

const DOMAIN = 'helpdesk.example.com';

function mail(overrides: Partial<InboundEmail> = {}, headers: Partial<InboundEmail['headers']> = {}): InboundEmail {
  return {
    from: { name: 'Maria Customer', address: 'maria@example.org' },
    to: ['support@example.com'],
    subject: 'Printer on fire',
    text: 'It smokes.',
    messageId: '<abc@mail.example.org>',
    fingerprint: 'f'.repeat(64),
    inReplyTo: [],
    references: [],
    attachments: [],
    authenticationResults: [],
    ...overrides,
    headers: { autoSubmitted: null, precedence: null, xAutoreply: null, xAutorespond: null, returnPath: null, ...headers },
  };
}

describe('automated mail', () => {
  test('a person\'s mail is not automated', () => {
    expect(automatedReason(mail())).toBeNull();
    expect(automatedReason(mail({}, { autoSubmitted: 'no', precedence: 'first-class', returnPath: '<maria@example.org>' }))).toBeNull();
  });

  test.each<[string, Partial<InboundEmail['headers']>]>([
    ['Auto-Submitted: auto-replied', { autoSubmitted: 'auto-replied' }],
    ['Auto-Submitted with parameters', { autoSubmitted: 'auto-generated; owner-email="x@y"' }],
    ['Precedence: bulk', { precedence: 'bulk' }],
    ['Precedence: junk', { precedence: 'Junk' }],
    ['Precedence: list', { precedence: 'list' }],
    ['X-Autoreply', { xAutoreply: 'yes' }],
    ['X-Autorespond', { xAutorespond: 'true' }],
    ['an empty Return-Path', { returnPath: '' }],
    ['Return-Path: <>', { returnPath: '<>' }],
  ])('%s is automated', (_name, headers) => {
    expect(automatedReason(mail({}, headers))).not.toBeNull();
  });

  test.each(['MAILER-DAEMON@mx.example.org', 'postmaster@example.org'])('mail from %s is a bounce', (address) => {
    expect(automatedReason(mail({ from: { name: 'Mail Delivery System', address: address.toLowerCase() } }))).toMatch(/sent by/);
  });

  test('mail from the help desk\'s own address is never taken in', () => {
    expect(automatedReason(mail({ from: { name: 'Help desk', address: 'helpdesk@localhost' } }), ['helpdesk@localhost'])).toMatch(/help desk itself/);
  });
});

describe('threading', () => {
  test('the subject tag names the ticket', () => {
    expect(referencedTicket(mail({ subject: 'Re: [#123456] We received your request' }), DOMAIN)).toEqual({ number: '123456', via: 'subject' });
  });

  test('In-Reply-To with a Message-ID the help desk minted names the ticket, before the subject', () => {
    const m = mail({ subject: 'Re: [#111111] x', inReplyTo: [`<ticket-654321.evt-1.0@${DOMAIN}>`] });
    expect(referencedTicket(m, DOMAIN)).toEqual({ number: '654321', via: 'message-id' });
  });

  test('References are searched from the newest', () => {
    const m = mail({ references: [`<ticket-111111.e.0@${DOMAIN}>`, '<other@x>', `<ticket-222222.e.1@${DOMAIN}>`] });
    expect(referencedTicket(m, DOMAIN)?.number).toBe('222222');
  });

  test('a Message-ID of the right shape under another domain is not ours', () => {
    expect(referencedTicket(mail({ inReplyTo: ['<ticket-654321.e.0@evil.example>'] }), DOMAIN)).toBeNull();
  });

  test('no tag and no known Message-ID: a new request', () => {
    expect(referencedTicket(mail({ subject: 'Order #123456 missing' }), DOMAIN)).toBeNull();
  });
});

describe('the decision', () => {
  const ref = { number: '123456', via: 'subject' as const };
  const ticket = { number: '123456', customerEmail: 'Maria@Example.org' };

  test('a reply from the ticket\'s customer is appended', () => {
    expect(decideIntake(mail(), ref, ticket)).toEqual({ action: 'append', number: '123456' });
  });

  test('a sender who is not the customer gets a ticket of their own, never someone else\'s', () => {
    const other = mail({ from: { name: 'Eve', address: 'eve@example.net' } });
    expect(decideIntake(other, ref, ticket)).toMatchObject({ action: 'create' });
  });

  test('a number that does not exist opens a new ticket', () => {
    expect(decideIntake(mail(), ref, null)).toMatchObject({ action: 'create', reason: 'there is no ticket #123456' });
  });

  test('automated mail is ignored even when it names the customer\'s ticket', () => {
    expect(decideIntake(mail({}, { autoSubmitted: 'auto-replied' }), ref, ticket)).toMatchObject({ action: 'ignore' });
  });

  test('without a reference: a new ticket', () => {
    expect(decideIntake(mail(), null, null)).toMatchObject({ action: 'create' });
  });
});

describe('quoted history', () => {
  test.each([
    ['Gmail', 'Thanks, that fixed it.\n\nOn Tue, 24 Nov 2026 at 10:00, Help desk <helpdesk@localhost> wrote:\n> Please restart.\n> Regards'],
    ['Gmail, wrapped', 'Thanks, that fixed it.\n\nOn Tue, 24 Nov 2026 at 10:00, Help desk with a long name <helpdesk@localhost>\nwrote:\n> Please restart.'],
    ['Outlook', 'Thanks, that fixed it.\r\n\r\n-----Original Message-----\r\nFrom: Help desk\r\nSent: Tuesday\r\n\r\nPlease restart.'],
    ['Outlook without a rule', 'Thanks, that fixed it.\n\nFrom: Help desk <helpdesk@localhost>\nSent: Tuesday, November 24, 2026 10:00\nSubject: x\n\nPlease restart.'],
    ['Outlook with a rule', 'Thanks, that fixed it.\n________________________________\nFrom: Help desk\nPlease restart.'],
    ['bare quotes', 'Thanks, that fixed it.\n\n> Please restart.\n> Regards'],
  ])('%s history is trimmed', (_client, text) => {
    expect(trimQuotedHistory(text)).toBe('Thanks, that fixed it.');
  });

  test('quotes interleaved with answers stay', () => {
    const text = '> Did you restart?\nYes, twice.\n> Is it plugged in?\nYes.';
    expect(trimQuotedHistory(text)).toBe(text);
  });

  test('a message that is nothing but a quote stays whole rather than empty', () => {
    expect(trimQuotedHistory('> only a quote')).toBe('> only a quote');
  });
});

describe('stored text', () => {
  test('control characters go, line breaks are normalised', () => {
    expect(messageText('a\u0000b\r\nc\u0007')).toBe('ab\nc');
  });

  test('an empty body is stored as "(no text)"', () => {
    expect(messageText('  \n ')).toBe('(no text)');
  });

  test('a long body is cut to the 100,000-character limit with a note saying so', () => {
    const stored = messageText('x'.repeat(250_000));
    expect(stored).toHaveLength(100_000); // the README's number, not the constant: a wrong constant fails
    expect(stored.endsWith(TRUNCATION_NOTE)).toBe(true);
  });

  test('the cut never splits a surrogate pair', () => {
    const stored = messageText('😀'.repeat(60_000));
    expect(stored.length).toBeLessThanOrEqual(100_000);
    expect(stored.replace(TRUNCATION_NOTE, '')).toMatch(/^(😀)+$/u);
  });

  test('subjects: one line, tags of other tickets removed, 255 characters, never empty', () => {
    expect(ticketSubject('  Re: [#123456]  Printer\r\n on fire ')).toBe('Re: Printer on fire');
    expect(ticketSubject('a'.repeat(300))).toHaveLength(255);
    expect(ticketSubject('')).toBe(NO_SUBJECT);
    expect(ticketSubject('[#123456]')).toBe(NO_SUBJECT);
  });

  test('the customer\'s name is the From name, else the address', () => {
    expect(customerName(mail())).toBe('Maria Customer');
    expect(customerName(mail({ from: { name: '', address: 'maria@example.org' } }))).toBe('maria@example.org');
  });
});

describe('topic by receiving address', () => {
  const byAddress = { 'outage@example.com': 'business-critical-outage' };
  test('a mapped address chooses its topic, any other the default', () => {
    expect(topicForRecipients(['someone@example.com', 'Outage@Example.com'], byAddress, 'other')).toBe('business-critical-outage');
    expect(topicForRecipients(['support@example.com'], byAddress, 'other')).toBe('other');
    expect(topicForRecipients([], byAddress, 'other')).toBe('other');
  });
});

describe('the e-mail reply on the ticket', () => {
  test('keeps its Message-ID, so a redelivery is recognised, and reopens a resolved ticket', () => {
    const d = directory();
    const resolved = { ...newTicket(d), status: 'resolved' as const, resolvedAt: T0 };
    const after = customerReply(resolved, 'Still broken', d, at(hoursAfter(T0, 1)), { emailMessageId: 'email:<abc@x>' });
    expect(after.status).toBe('open');
    expect(hasEmailMessage(after, 'email:<abc@x>')).toBe(true);
    expect(hasEmailMessage(after, 'email:<other@x>')).toBe(false);
  });
});
