// Who is calling, by network address: the one rule for API key allow-lists and the client-address
// intake limit (issues 18 and 19). Only the address the platform itself writes counts, never one
// the client writes.
//
// App Service's front end, which function apps are reached through (*.azurewebsites.net), adds a
// `client-ip` header with the address the connection came from and overwrites any `client-ip` a
// client sent (Azure/app-service-linux-docs, Things_You_Should_Know/headers.md: "The client-ip
// header is added on the Front End role as part of routing. App Service will overwrite any
// existing header so they cannot be spoofed"). That page does not name Flex Consumption apart.
// X-Forwarded-For is not that: the front end appends the connection's address to the list the
// client sent, so its first entry is the client's to choose. The value carries the port, as in
// `client-ip: 172.16.0.10:49828` (captured headers in sergiodxa/remix-utils#496).

/** The request header the platform writes with the caller's address (lowercase, as Node hands headers over). */
export const CLIENT_IP_HEADER = 'client-ip';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:]*(:(\d{1,3}\.){3}\d{1,3})?$/i;

/**
 * The address in a `client-ip` value, without its port, lowercase: `203.0.113.7:49828` and
 * `203.0.113.7` give 203.0.113.7, `[2001:DB8::1]:443` and `2001:db8::1` give 2001:db8::1. Null
 * when there is no header or it holds anything else (a list, a name): no address is better than
 * a wrong one, since an allow-list then refuses and a limit does not count.
 */
export function parseClientIp(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  const v4 = /^([\d.]+)(:\d{1,5})?$/.exec(v);
  if (v4) return IPV4.test(v4[1]!) ? v4[1]! : null;
  const bracketed = /^\[([^\]]+)\](:\d{1,5})?$/.exec(v);
  const v6 = (bracketed ? bracketed[1]! : v).toLowerCase();
  return IPV6.test(v6) && (v6.match(/:/g) ?? []).length >= 2 ? v6 : null;
}
