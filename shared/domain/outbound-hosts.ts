// Which hosts an administrator may point the help desk at (a mailbox's IMAP server). The help desk
// connects from inside its network: a host on a private, loopback, link-local or metadata address
// would let an admin form reach what only the help desk can (server-side request forgery). Pure:
// it judges the text of the host as given; names are not resolved here.

/** Why the host is not a public one, or null when it may be used. */
export function privateHostReason(host: string): string | null {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return 'is the loopback name localhost';
  if (h.endsWith('.local') || h.endsWith('.internal')) return 'is a name of the local network (.local, .internal)';
  const v4 = ipv4(h);
  if (v4 !== null) return ipv4Reason(v4);
  // Resolvers also read 2130706433, 0x7f.1 or 127.1 as 127.0.0.1: only the dotted-decimal form is judged, so no other is let through.
  if (/^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+))*$/.test(h)) return 'is a numeric address not written as four decimal numbers (a.b.c.d)';
  const v6 = ipv6(h);
  if (v6 !== null) return ipv6Reason(v6);
  return null;
}

/** The four bytes of a dotted IPv4 literal (decimal only), or null. */
function ipv4(h: string): number[] | null {
  const parts = h.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

// The special-purpose ranges of RFC 6890 that reach the help desk's own side, or nothing routable.
function ipv4Reason([a, b]: number[]): string | null {
  if (a === 127) return 'is a loopback address';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'is a private address';
  if (a === 100 && b! >= 64 && b! <= 127) return 'is a shared (carrier-grade NAT) address';
  if (a === 169 && b === 254) return 'is a link-local address (the cloud metadata service lives there)';
  if (a === 0) return 'is an unspecified address';
  if (a! >= 224) return 'is a multicast or reserved address';
  return null;
}

/** The eight 16-bit groups of an IPv6 literal (an IPv4 tail allowed, e.g. ::ffff:10.0.0.1), or null. */
function ipv6(h: string): number[] | null {
  if (!h.includes(':') || !/^[0-9a-f:.]+$/.test(h)) return null;
  let text = h;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = ipv4(tail[1]!);
    if (v4 === null) return null;
    const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
    text = `${text.slice(0, -tail[1]!.length)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  return [...head, ...Array<string>(8 - known).fill('0'), ...rest].map((g) => parseInt(g, 16));
}

function ipv6Reason(g: number[]): string | null {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUntil(7) && g7 === 1) return 'is a loopback address';
  if (zeroUntil(8)) return 'is an unspecified address';
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 one.
  if ((zeroUntil(5) && g5 === 0xffff) || (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)) {
    return ipv4Reason([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'is a private (unique local) address';
  if ((g0 & 0xffc0) === 0xfe80) return 'is a link-local address';
  if ((g0 & 0xff00) === 0xff00) return 'is a multicast address';
  return null;
}
