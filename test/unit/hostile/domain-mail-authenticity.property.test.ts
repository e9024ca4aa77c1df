// Authentication-Results headers come from whoever sent the mail: read in linear time, whatever they hold.
import { judgeAuthenticity } from '../../../shared/domain/mail-authenticity';
import { organisationalDomain } from '../../../shared/mail/organisational-domain';
import { assertLinear, worst } from './growth';

const rule = { kind: 'authserv-id', ids: ['mx.example.net'] } as const;

test('one header of any shape grows no faster than its length', async () => {
  await assertLinear((header) => judgeAuthenticity([header], 'maria@example.org', rule, organisationalDomain), [
    worst('(', 'mx.example.net; dmarc=pass '), // unclosed comments nest deeper and deeper
    worst('"', 'mx.example.net; dkim=pass header.d='), // an unclosed quote swallows every separator
    worst('; dkim=pass header.d=a', 'mx.example.net'),
    worst('\\(', 'mx.example.net; '),
  ]);
});

test('many headers grow no faster than their total length', async () => {
  await assertLinear((text) => judgeAuthenticity(text.split(';'), 'maria@example.org', rule, organisationalDomain), [worst('mx.example.net; dmarc=fail header.from=example.org;')]);
});
