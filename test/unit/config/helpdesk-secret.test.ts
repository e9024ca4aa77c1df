// The one help-desk secret (issue 18) as the configuration hands it out: the value when it is
// usable, otherwise a ConfigError that says what to fix and never carries the value. In Azure the
// setting is a Key Vault reference; when the platform cannot resolve one it passes the reference
// string through unchanged ("Use Key Vault references as app settings", Troubleshoot).
import { ConfigError, helpdeskSecret } from '../../../shared/config';

const SECRET = 'Zq3v-8Kp_2mW9xT4rB7nY1cH6dL0sF5gJ8aE3uQ2iO';
const AZURE = { WEBSITE_SITE_NAME: 'func-helpdesk-abc', WEBSITE_INSTANCE_ID: '0123abcd' };

function refusal(env: Record<string, string>): string {
  try {
    helpdeskSecret(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('no refusal');
}

test('the resolved secret, trimmed, locally and in Azure', () => {
  expect([helpdeskSecret({ HELPDESK_SECRET: SECRET }), helpdeskSecret({ ...AZURE, HELPDESK_SECRET: ` ${SECRET}\n` })]).toEqual([SECRET, SECRET]);
});

test('refused clearly, and without the value, when missing, unresolved or short', () => {
  const unresolved = '@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/helpdesk-secret)';
  const short = 'only-twenty-bytes-xx';
  const answers = [
    refusal({ ...AZURE }),
    refusal({ ...AZURE, HELPDESK_SECRET: '  ' }),
    refusal({}),
    refusal({ ...AZURE, HELPDESK_SECRET: unresolved }),
    refusal({ HELPDESK_SECRET: short }),
  ];
  expect(answers.map((m) => m.split(':')[0])).toEqual(['HELPDESK_SECRET is not set', 'HELPDESK_SECRET is not set', 'HELPDESK_SECRET is not set', 'HELPDESK_SECRET is a Key Vault reference the platform could not resolve', 'HELPDESK_SECRET must be at least 32 bytes']);
  expect(answers[0]).toMatch(/npm run deploy sets it to a Key Vault reference/);
  expect(answers[2]).toMatch(/npm start keeps one in its data folder/);
  expect(answers[3]).toMatch(/Key Vault Secrets User/);
  expect(answers.filter((m) => m.includes(unresolved) || m.includes(short))).toEqual([]);
});
