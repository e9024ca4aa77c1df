// Is a mail from who its From says? The help desk checks no signatures itself: the service that
// received the mail has done that and written the outcome into an Authentication-Results header
// (RFC 8601). Anyone can write such a header into a mail, so only a header from a server the help
// desk trusts counts, and only the topmost one of those: the receiving server adds its own on top
// and (RFC 8601 section 5) removes older ones that claim its name.
//
// A mail is authentic when DMARC passed for the From domain, or DKIM passed for a domain aligned
// with it (the same organisational domain: relaxed alignment, RFC 7489 section 3.1.1). SPF alone is
// not enough: it vouches for the envelope sender, which need not be the From address.
//
// Pure and linear: the header is capped and scanned once, character by character.

/** Which Authentication-Results headers a source trusts. */
export type AuthenticityRule =
  /** Headers whose authserv-id is one of these (the receiving service's host names), case-insensitive. */
  | { kind: 'authserv-id'; ids: readonly string[] }
  /**
   * Exchange Online writes its header without an authserv-id; a mailbox read from it trusts the
   * topmost header, which Exchange added on receipt.
   */
  | { kind: 'topmost' };

export interface AuthResult {
  method: string;
  result: string;
  /** `ptype.property` → value, e.g. `header.from` → `example.org`, lower-cased names. */
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  /** Null when the header names none (Exchange Online). */
  authservId: string | null;
  results: AuthResult[];
}

export interface Authenticity {
  authentic: boolean;
  /** Why, for the thread and the logs: which check passed, or what was missing. */
  reason: string;
}

/** Longer headers are cut here before parsing; real ones are a few hundred characters. */
export const MAX_AUTH_RESULTS_LENGTH = 8_192;
/** Only the topmost headers are read: the receiving server's own sits on top, relays' below it. */
export const MAX_AUTH_RESULTS_HEADERS = 20;

/** The header without its comments (parenthesised, nestable, with backslash escapes), one pass. */
function withoutComments(text: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && (depth > 0 || quoted)) {
      if (depth === 0) out += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

const unquote = (v: string) => (v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

/** Splits on a separator outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Whitespace-separated words, quoted strings kept whole. */
const words = (text: string) => splitOutsideQuotes(text.replace(/\s+/g, ' '), ' ').filter((w) => w !== '');

/** One Authentication-Results header value; null when it is not one. */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const segments = splitOutsideQuotes(withoutComments(value.slice(0, MAX_AUTH_RESULTS_LENGTH)), ';').map((s) => s.trim());
  const first = segments[0] ?? '';
  // "authserv-id [version]" unless the first segment is already a result (Exchange Online).
  const authservId = first.includes('=') ? null : (words(first)[0]?.toLowerCase() ?? null);
  const resinfos = authservId === null ? segments : segments.slice(1);
  if (authservId === null && !first.includes('=')) return null;
  const results: AuthResult[] = [];
  for (const resinfo of resinfos) {
    const [head, ...rest] = words(resinfo);
    if (!head || !head.includes('=')) continue; // "none", or noise
    const [methodPart, result] = [head.slice(0, head.indexOf('=')), head.slice(head.indexOf('=') + 1)];
    const properties: Record<string, string> = {};
    for (const w of rest) {
      const eq = w.indexOf('=');
      if (eq > 0) properties[w.slice(0, eq).toLowerCase()] = unquote(w.slice(eq + 1));
    }
    results.push({ method: methodPart.split('/')[0]!.toLowerCase(), result: unquote(result).toLowerCase(), properties });
  }
  return { authservId, results };
}

/** The domain of an address or a bare domain, lower-cased, or null. */
function domainOf(value: string | undefined): string | null {
  if (!value) return null;
  const d = value.slice(value.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.$/, '');
  return d === '' ? null : d;
}

/**
 * Decides from the mail's Authentication-Results headers (in order, topmost first) and its From
 * address. `organisationalDomain` maps a host name to its registrable domain (a public-suffix
 * lookup, injected so the domain stays free of libraries with data files).
 */
export function judgeAuthenticity(
  headers: readonly string[],
  fromAddress: string,
  rule: AuthenticityRule,
  organisationalDomain: (domain: string) => string | null,
): Authenticity {
  const fromDomain = domainOf(fromAddress);
  if (!fromDomain) return { authentic: false, reason: 'the From address has no domain' };
  const parsed = headers.slice(0, MAX_AUTH_RESULTS_HEADERS).map(parseAuthenticationResults).filter((h): h is AuthenticationResults => h !== null);
  const trusted =
    rule.kind === 'topmost'
      ? parsed[0]
      : parsed.find((h) => h.authservId !== null && rule.ids.some((id) => id.toLowerCase() === h.authservId));
  if (!trusted) {
    return {
      authentic: false,
      reason: rule.kind === 'topmost' ? 'no Authentication-Results header' : `no Authentication-Results header from a trusted server (${rule.ids.join(', ') || 'none configured'})`,
    };
  }
  const by = trusted.authservId ? ` (${trusted.authservId})` : '';
  const dmarc = trusted.results.find((r) => r.method === 'dmarc' && r.result === 'pass' && domainOf(r.properties['header.from']) === fromDomain);
  if (dmarc) return { authentic: true, reason: `dmarc=pass for ${fromDomain}${by}` };
  const fromOrg = organisationalDomain(fromDomain) ?? fromDomain;
  const dkim = trusted.results.find((r) => {
    if (r.method !== 'dkim' || r.result !== 'pass') return false;
    const d = domainOf(r.properties['header.d'] ?? r.properties['header.i']);
    return d !== null && (organisationalDomain(d) ?? d) === fromOrg;
  });
  if (dkim) return { authentic: true, reason: `dkim=pass for ${domainOf(dkim.properties['header.d'] ?? dkim.properties['header.i'])}, aligned with ${fromDomain}${by}` };
  const seen = trusted.results.filter((r) => r.method === 'dmarc' || r.method === 'dkim').map((r) => `${r.method}=${r.result}`);
  return { authentic: false, reason: `neither DMARC nor aligned DKIM passed for ${fromDomain}${by}${seen.length ? `: ${seen.join(', ')}` : ''}` };
}
