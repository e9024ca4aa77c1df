// The private Dovecot's configuration (issue 24): IMAP only, loopback only, no TLS, our own folders.
import { dovecotConfig } from '../../../local/dovecot';

const config = dovecotConfig({ dir: '/tmp/dv', port: 12345, id: { loginUser: 'me', internalUser: 'me', internalGroup: 'me', uid: 1000, gid: 1000 } });
const setting = (name: string) => new RegExp(`^\\s*${name} = (.*)$`, 'm').exec(config)?.[1];

test('IMAP on 127.0.0.1 and the given port only, plain login, no TLS', () => {
  expect(setting('protocols')).toBe('imap');
  expect(setting('listen')).toBe('127.0.0.1');
  expect(setting('address')).toBe('127.0.0.1');
  expect(setting('ssl')).toBe('no');
  expect(setting('disable_plaintext_auth')).toBe('no');
  expect(config).toMatch(/inet_listener imap \{\s+address = 127\.0\.0\.1\s+port = 12345\s+\}/);
  expect(config).toMatch(/inet_listener imaps \{\s+port = 0\s+\}/); // the TLS listener is off
});

test('everything lives in its folder, and it runs as the given users without chroot', () => {
  expect(setting('base_dir')).toBe('/tmp/dv/run');
  expect(setting('state_dir')).toBe('/tmp/dv/state');
  expect(setting('log_path')).toBe('/tmp/dv/dovecot.log');
  expect(setting('mail_location')).toBe('maildir:/tmp/dv/mail/%u');
  expect(config).toContain('args = scheme=PLAIN username_format=%u /tmp/dv/users');
  expect(config).toContain('args = uid=1000 gid=1000 home=/tmp/dv/mail/%u');
  expect(setting('default_login_user')).toBe('me');
  expect(setting('default_internal_user')).toBe('me');
  expect(config.match(/^\s*chroot =\s*$/gm)).toHaveLength(2);
});
