// Tokens derived from the help-desk secret (shared/auth/derived-token.ts): the same inputs give
// the same token, any other secret, purpose or part gives another, and checking one is a yes/no
// that never throws on what a caller sends.
import { createHmac } from 'node:crypto';
import { deriveToken, verifyDerivedToken } from '../../../shared/auth/derived-token';

const SECRET = 'a-help-desk-secret-of-at-least-32-bytes-000';
const OTHER = 'another-help-desk-secret-of-32-bytes-or-more';

test('the same secret, purpose and parts give the same 43-character base64url token', () => {
  const token = deriveToken(SECRET, 'ticket-link', '123456', 'ann@example.org');
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(deriveToken(SECRET, 'ticket-link', '123456', 'ann@example.org')).toBe(token);
  expect(verifyDerivedToken(SECRET, token, 'ticket-link', '123456', 'ann@example.org')).toBe(true);
});

test('another secret, purpose, part or order of parts gives another token, and it does not verify', () => {
  const token = deriveToken(SECRET, 'ticket-link', '123456', 'ann@example.org');
  const others = [
    deriveToken(OTHER, 'ticket-link', '123456', 'ann@example.org'),
    deriveToken(SECRET, 'idempotent-201', '123456', 'ann@example.org'),
    deriveToken(SECRET, 'ticket-link', '123457', 'ann@example.org'),
    deriveToken(SECRET, 'ticket-link', 'ann@example.org', '123456'),
    deriveToken(SECRET, 'ticket-link', '123456'),
  ];
  expect(new Set([token, ...others]).size).toBe(others.length + 1);
  expect([
    verifyDerivedToken(OTHER, token, 'ticket-link', '123456', 'ann@example.org'),
    verifyDerivedToken(SECRET, token, 'idempotent-201', '123456', 'ann@example.org'),
    verifyDerivedToken(SECRET, token, 'ticket-link', '123457', 'ann@example.org'),
    verifyDerivedToken(SECRET, token, 'ticket-link', '123456'),
  ]).toEqual([false, false, false, false]);
});

test('parts are length-prefixed: moving characters from one part to the next changes the token', () => {
  expect(deriveToken(SECRET, 'p', 'ab', 'c')).not.toBe(deriveToken(SECRET, 'p', 'a', 'bc'));
  expect(deriveToken(SECRET, 'p', 'a:b')).not.toBe(deriveToken(SECRET, 'p', 'a', 'b'));
  expect(deriveToken(SECRET, 'p', '')).not.toBe(deriveToken(SECRET, 'p'));
});

test('anything that is not the token is false, never an error: a changed character, other shapes, other types', () => {
  const token = deriveToken(SECRET, 'ticket-link', '123456');
  const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
  const given: unknown[] = [flipped, token.slice(1), `${token}=`, `${token}A`, '', ' '.repeat(43), token.toUpperCase() === token ? 'x' : token.toUpperCase(), null, undefined, 42, [token]];
  expect(given.map((t) => verifyDerivedToken(SECRET, t, 'ticket-link', '123456'))).toEqual(given.map(() => false));
});

test('a short secret or a purpose outside lowercase letters, digits and . : - is a programming error', () => {
  expect(() => deriveToken('short', 'ticket-link', '1')).toThrow(/at least 32 bytes/);
  expect(() => deriveToken(SECRET, '', '1')).toThrow(/purpose/);
  expect(() => deriveToken(SECRET, 'Ticket Link', '1')).toThrow(/purpose/);
});

test('it is HMAC-SHA256 of the length-prefixed purpose and parts, keyed with the secret', () => {
  // Pinned so that a change of encoding, which would invalidate every e-mailed link, shows up here.
  const expected = createHmac('sha256', SECRET).update('11:ticket-link6:1234562:ab').digest('base64url');
  expect(deriveToken(SECRET, 'ticket-link', '123456', 'ab')).toBe(expected);
});
