// The guard on hosts an administrator points the help desk at: addresses on the help desk's own
// side (private, loopback, link-local, metadata) and local names are named as such; public hosts
// pass. Only the text is judged: nothing is resolved or connected to.
import { privateHostReason } from '../../../shared/domain/outbound-hosts';

test.each([
  ['127.0.0.1', /loopback/],
  ['127.10.0.1', /loopback/],
  ['localhost', /localhost/],
  ['LOCALHOST.', /localhost/],
  ['imap.localhost', /localhost/],
  ['10.1.2.3', /private/],
  ['172.16.0.1', /private/],
  ['172.31.255.255', /private/],
  ['192.168.1.10', /private/],
  ['100.64.0.1', /carrier-grade/],
  ['169.254.169.254', /link-local .*metadata/],
  ['0.0.0.0', /unspecified/],
  ['224.0.0.1', /multicast/],
  ['::1', /loopback/],
  ['[::1]', /loopback/],
  ['0:0:0:0:0:0:0:1', /loopback/],
  ['::', /unspecified/],
  ['::ffff:127.0.0.1', /loopback/],
  ['::ffff:169.254.169.254', /metadata/],
  ['::ffff:a9fe:a9fe', /metadata/],
  ['64:ff9b::10.0.0.1', /private/],
  ['fd00:ec2::254', /private/],
  ['fc00::1', /private/],
  ['fe80::1', /link-local/],
  ['ff02::1', /multicast/],
  ['mail.corp.local', /local network/],
  ['metadata.google.internal', /local network/],
  // Forms a resolver reads as 127.0.0.1 or 169.254.169.254 without the four decimal numbers.
  ['2130706433', /four decimal numbers/],
  ['127.1', /four decimal numbers/],
  ['0x7f.0.0.1', /four decimal numbers/],
  ['0xa9fea9fe', /four decimal numbers/],
])('%s is not a public host', (host, reason) => {
  expect(privateHostReason(host)).toMatch(reason);
});

test.each(['imap.example.com', 'outlook.office365.com', '93.184.215.14', '172.32.0.1', '100.128.0.1', '2606:4700::6810:84e5', 'localhost-mail.example.com', 'mail.local.example.com'])(
  '%s is a public host',
  (host) => {
    expect(privateHostReason(host)).toBeNull();
  },
);
