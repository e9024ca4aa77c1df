// osTicket's request encodings and ids, mapped to ours.
import { addressAllowed, hasScope, publicApiKey, type ApiKey } from '../../../shared/domain/api-keys';
import { MAX_HTML_CHARS, messageFromOsTicket as fromOsTicket, osTicketFlag, priorityFromOsTicket, topicFromOsTicket } from '../../../shared/domain/osticket';
import { htmlToText } from '../../../shared/mail/html-to-text';

// The converter the app layer hands in (the domain itself imports no library).
const messageFromOsTicket = (message: string) => fromOsTicket(message, (html) => htmlToText(html).text);

describe('messages', () => {
  test.each([
    ['plain text stays as it is', 'The printer is on fire.', 'The printer is on fire.'],
    ['data:text/plain, percent-encoded', 'data:text/plain,Caf%C3%A9%20au%20lait%0Aline%202', 'Café au lait\nline 2'],
    ['data:text/plain with a charset', 'data:text/plain;charset=utf-8,Hello%20there', 'Hello there'],
    ["osTicket's sample script: unencoded text after the comma", 'data:text/plain,MESSAGE HERE 100%', 'MESSAGE HERE 100%'],
    ['data:text/plain;base64', `data:text/plain;base64,${Buffer.from('Grüße').toString('base64')}`, 'Grüße'],
    ['data:text/plain;charset=utf-8;base64', `data:text/plain;charset=utf-8;base64,${Buffer.from('ok').toString('base64')}`, 'ok'],
    ['data:text/html, without markup', 'data:text/html,%3Cp%3EHello%20%3Cb%3Eworld%3C%2Fb%3E%3C%2Fp%3E', 'Hello world'],
    ['data:text/html;base64', `data:text/html;base64,${Buffer.from('<div>A &amp; B</div>').toString('base64')}`, 'A & B'],
    ['a data URL with no type is text/plain', 'data:,hi', 'hi'],
  ])('%s', (_what, input, expected) => {
    expect(messageFromOsTicket(input)).toEqual({ ok: true, value: expected });
  });

  test('another media type or charset is refused', () => {
    expect(messageFromOsTicket('data:image/png;base64,AAAA')).toMatchObject({ ok: false, message: expect.stringContaining('image/png') });
    expect(messageFromOsTicket('data:text/plain;charset=iso-8859-1,abc')).toMatchObject({ ok: false, message: expect.stringContaining('UTF-8') });
  });

  test('broken UTF-8 is refused, not stored as replacement characters', () => {
    expect(messageFromOsTicket(`data:text/plain;base64,${Buffer.from([0xff, 0xfe]).toString('base64')}`)).toMatchObject({ ok: false });
  });

  test('HTML longer than the converter takes is refused with the figure, not converted', () => {
    const html = `data:text/html,${'<div>'.repeat(MAX_HTML_CHARS / 5 + 1)}`;
    expect(messageFromOsTicket(html)).toEqual({ ok: false, message: expect.stringContaining('at most 100,000 characters of HTML') });
  });

  test('a data URL whose head has no comma within 256 characters is not a data URL', () => {
    expect(messageFromOsTicket(`data:${';'.repeat(300)},x`)).toEqual({ ok: true, value: `data:${';'.repeat(300)},x` });
  });
});

describe('topics and priorities', () => {
  test('numeric osTicket topic ids go through the table; our ids pass; none is the default', () => {
    expect(topicFromOsTicket(1)).toEqual({ ok: true, value: 'other' });
    expect(topicFromOsTicket('10')).toEqual({ ok: true, value: 'pc-issues' });
    expect(topicFromOsTicket('password-reset')).toEqual({ ok: true, value: 'password-reset' });
    expect(topicFromOsTicket(undefined)).toEqual({ ok: true, value: 'other' });
    expect(topicFromOsTicket(99)).toMatchObject({ ok: false, message: expect.stringContaining('99') });
  });

  test('priorities 1 to 4 or our names', () => {
    expect([1, 2, 3, 4].map((p) => priorityFromOsTicket(p))).toEqual(['low', 'normal', 'high', 'emergency'].map((value) => ({ ok: true, value })));
    expect(priorityFromOsTicket('3')).toEqual({ ok: true, value: 'high' });
    expect(priorityFromOsTicket('Emergency')).toEqual({ ok: true, value: 'emergency' });
    expect(priorityFromOsTicket(undefined)).toEqual({ ok: true, value: undefined });
    expect(priorityFromOsTicket(5)).toMatchObject({ ok: false });
    expect(priorityFromOsTicket('urgent')).toMatchObject({ ok: false });
  });

  test('flags as PHP clients send them', () => {
    expect([false, 0, '0', 'false', true, 1, '1', 'true', undefined].map(osTicketFlag)).toEqual([false, false, false, false, true, true, true, true, undefined]);
  });
});

describe('API key addresses and scopes', () => {
  const key = (allowedIps: string[], scopes: ApiKey['scopes'] = ['tickets:create', 'mail:pipe']): ApiKey => ({ keyHash: 'h', id: 'k', name: 'n', allowedIps, scopes, createdAt: '', createdBy: 'admin' });

  test('no list: anywhere; a list: only those addresses, and not when the address is unknown', () => {
    expect(addressAllowed(key([]), null)).toBe(true);
    expect(addressAllowed(key(['203.0.113.7']), '203.0.113.7')).toBe(true);
    expect(addressAllowed(key(['203.0.113.7']), '198.51.100.1')).toBe(false);
    expect(addressAllowed(key(['203.0.113.7']), null)).toBe(false);
  });

  test('admins see "any address" spelt out for a key without a list, and never the hash', () => {
    expect([publicApiKey(key([])), publicApiKey(key(['203.0.113.7']))].map((k) => [k.anyAddress, 'keyHash' in k])).toEqual([[true, false], [false, false]]);
  });

  test('a key does what its scopes say, nothing else', () => {
    const tickets = key([], ['tickets:create']);
    expect([hasScope(tickets, 'tickets:create'), hasScope(tickets, 'mail:pipe'), hasScope(key([]), 'mail:pipe')]).toEqual([true, false, true]);
  });
});
