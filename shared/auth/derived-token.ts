// Tokens recomputed from the help-desk secret rather than stored (issue 18): HMAC-SHA256 over a
// purpose and the parts that identify what the token is for, e.g.
// deriveToken(secret, 'ticket-link', ticketNumber, requesterEmail). Whoever holds the secret can
// recompute and check a token; nobody else can forge one, and no record or message carries it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A purpose names what a token is for, so a token made for one purpose never passes as another. */
const PURPOSE = /^[a-z][a-z0-9.:-]{0,63}$/;

/** 32 bytes of HMAC-SHA256 as base64url, without padding. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The purpose and each part, each preceded by its length in UTF-8 bytes: no two different lists
 * encode alike (('a', 'bc') and ('ab', 'c') differ), whatever characters the parts hold.
 */
function message(purpose: string, parts: readonly string[]): Buffer {
  if (!PURPOSE.test(purpose)) throw new Error(`a token purpose is lowercase letters, digits and . : - (got ${JSON.stringify(purpose)})`);
  return Buffer.concat([purpose, ...parts].map((p) => {
    const bytes = Buffer.from(p, 'utf8');
    return Buffer.concat([Buffer.from(`${bytes.length}:`, 'ascii'), bytes]);
  }));
}

function mac(secret: string, purpose: string, parts: readonly string[]): Buffer {
  // A short secret would make every token guessable; config.ts refuses one, this is the backstop.
  if (Buffer.byteLength(secret, 'utf8') < 32) throw new Error('the help-desk secret must be at least 32 bytes');
  return createHmac('sha256', secret).update(message(purpose, parts)).digest();
}

/** The token for `purpose` and `parts` under `secret`: 43 base64url characters. */
export function deriveToken(secret: string, purpose: string, ...parts: string[]): string {
  return mac(secret, purpose, parts).toString('base64url');
}

/**
 * Whether `token` is the one deriveToken gives for `purpose` and `parts`, compared in constant
 * time. Anything that is not a token of the right shape is false, never an error.
 */
export function verifyDerivedToken(secret: string, token: unknown, purpose: string, ...parts: string[]): boolean {
  if (typeof token !== 'string' || !TOKEN.test(token)) return false;
  const expected = mac(secret, purpose, parts);
  const given = Buffer.from(token, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
