// The caller's address as the platform writes it into `client-ip` (shared/domain/client-address.ts):
// the address without its port, or null for anything that is not one address.
import { parseClientIp } from '../../../shared/domain/client-address';

test('an address with or without its port, IPv4 and IPv6, lowercase', () => {
  const given = ['203.0.113.7:49828', '203.0.113.7', ' 198.51.100.4:443 ', '[2001:DB8::1]:443', '2001:db8::1', '[::1]:5000', '::ffff:127.0.0.1'];
  expect(given.map(parseClientIp)).toEqual(['203.0.113.7', '203.0.113.7', '198.51.100.4', '2001:db8::1', '2001:db8::1', '::1', '::ffff:127.0.0.1']);
});

test('no header, a list, a name or a malformed address is no address at all', () => {
  const given = [null, undefined, '', '   ', '203.0.113.7, 10.0.0.1', '203.0.113.7:1, 10.0.0.1:2', 'example.com', 'example.com:80', '256.1.1.1', '1.2.3', '1.2.3.4:99999999', '[2001:db8::1', 'unknown', ':', 'g::1'];
  expect(given.map(parseClientIp)).toEqual(given.map(() => null));
});
