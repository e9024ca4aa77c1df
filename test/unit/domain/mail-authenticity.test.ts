// Whether a mail is from who its From says, as the receiving service reported it in an
// Authentication-Results header (RFC 8601), and only when that service is one the help desk trusts.
import { judgeAuthenticity, parseAuthenticationResults, type AuthenticityRule } from '../../../shared/domain/mail-authenticity';
import { organisationalDomain } from '../../../shared/mail/organisational-domain';

const TRUST_MX: AuthenticityRule = { kind: 'authserv-id', ids: ['mx.helpdesk-mail.example'] };
const judge = (headers: string[], from: string, rule: AuthenticityRule = TRUST_MX) => judgeAuthenticity(headers, from, rule, organisationalDomain);

// Shaped like the headers large providers write (comments, quoted values, header.i with an @).
const DMARC_PASS = 'mx.helpdesk-mail.example; dkim=pass header.i=@example.org header.s=sel1 header.b="ab(c)d"; spf=pass (domain of maria@example.org designates 192.0.2.1 as permitted sender) smtp.mailfrom=maria@example.org; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.org';
const EXCHANGE_ONLINE = 'spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=contoso.com; dkim=pass (signature was verified) header.d=contoso.com;dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100';

describe('reading the header', () => {
  test('the authserv-id, each method and result, and its properties, without comments', () => {
    expect(parseAuthenticationResults(DMARC_PASS)).toEqual({
      authservId: 'mx.helpdesk-mail.example',
      results: [
        { method: 'dkim', result: 'pass', properties: { 'header.i': '@example.org', 'header.s': 'sel1', 'header.b': 'ab(c)d' } },
        { method: 'spf', result: 'pass', properties: { 'smtp.mailfrom': 'maria@example.org' } },
        { method: 'dmarc', result: 'pass', properties: { 'header.from': 'example.org' } },
      ],
    });
  });

  test('a version after the authserv-id, "none", and Exchange Online\'s header without an authserv-id', () => {
    expect(parseAuthenticationResults('MX.Example.COM 1; none')).toEqual({ authservId: 'mx.example.com', results: [] });
    const exo = parseAuthenticationResults(EXCHANGE_ONLINE)!;
    expect(exo.authservId).toBeNull();
    expect(exo.results.map((r) => `${r.method}=${r.result}`)).toEqual(['spf=pass', 'dkim=pass', 'dmarc=pass', 'compauth=pass']);
    expect(parseAuthenticationResults('')).toBeNull();
  });
});

describe('deciding', () => {
  test('DMARC passed for the From domain at a trusted server: authentic', () => {
    expect(judge([DMARC_PASS], 'maria@example.org')).toEqual({ authentic: true, reason: 'dmarc=pass for example.org (mx.helpdesk-mail.example)' });
  });

  test('a forged From: DMARC passed for another domain is not for this one', () => {
    expect(judge([DMARC_PASS], 'ceo@bank.example')).toMatchObject({ authentic: false });
  });

  test('a header from a server the help desk does not trust counts for nothing, even when it says pass', () => {
    const forged = DMARC_PASS.replace('mx.helpdesk-mail.example', 'mx.attacker.example');
    expect(judge([forged], 'maria@example.org')).toEqual({ authentic: false, reason: 'no Authentication-Results header from a trusted server (mx.helpdesk-mail.example)' });
    expect(judge([DMARC_PASS], 'maria@example.org', { kind: 'authserv-id', ids: [] }).reason).toContain('none configured');
  });

  test('only the topmost trusted header counts: a forged "pass" below the server\'s own "fail" does not help', () => {
    const own = 'mx.helpdesk-mail.example; dkim=none; spf=softfail smtp.mailfrom=bank.example; dmarc=fail header.from=bank.example';
    const forged = 'mx.helpdesk-mail.example; dmarc=pass header.from=bank.example';
    expect(judge([own, forged], 'ceo@bank.example')).toEqual({ authentic: false, reason: 'neither DMARC nor aligned DKIM passed for bank.example (mx.helpdesk-mail.example): dkim=none, dmarc=fail' });
  });

  test('DKIM passed for the same organisational domain is aligned; for another domain it is not', () => {
    const sub = 'mx.helpdesk-mail.example; dkim=pass header.d=mail.example.co.uk';
    expect(judge([sub], 'anna@example.co.uk')).toEqual({ authentic: true, reason: 'dkim=pass for mail.example.co.uk, aligned with example.co.uk (mx.helpdesk-mail.example)' });
    // co.uk is a public suffix: another company under it is not aligned.
    expect(judge(['mx.helpdesk-mail.example; dkim=pass header.d=other.co.uk'], 'anna@example.co.uk').authentic).toBe(false);
    expect(judge(['mx.helpdesk-mail.example; dkim=pass header.d=mailer.example'], 'anna@example.co.uk').authentic).toBe(false);
  });

  test('SPF alone vouches for the envelope, not the From: not authentic', () => {
    expect(judge(['mx.helpdesk-mail.example; spf=pass smtp.mailfrom=example.org'], 'maria@example.org').authentic).toBe(false);
  });

  test('a mailbox read from Exchange Online trusts its topmost header, which carries no authserv-id', () => {
    expect(judge([EXCHANGE_ONLINE], 'li@contoso.com', { kind: 'topmost' })).toEqual({ authentic: true, reason: 'dmarc=pass for contoso.com' });
    expect(judge([EXCHANGE_ONLINE.replace(/pass/g, 'fail')], 'li@contoso.com', { kind: 'topmost' }).authentic).toBe(false);
    expect(judge([], 'li@contoso.com', { kind: 'topmost' })).toEqual({ authentic: false, reason: 'no Authentication-Results header' });
  });
});
