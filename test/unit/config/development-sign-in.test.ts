// The development sign-in route signs tokens for any agent: it may be declared only in development
// mode, and never where the platform's own variables say this is Azure (App Service sets
// WEBSITE_SITE_NAME and WEBSITE_INSTANCE_ID on every function app).
import { developmentSignIn } from '../../../shared/config';

const DEV = { AUTH_MODE: 'development', DEV_TOKEN_SECRET: 'x'.repeat(40) };

test('declared in development mode with a token secret', () => {
  expect(developmentSignIn(DEV)).toBe(true);
});

test.each([
  ['no AUTH_MODE (entra is the default)', { DEV_TOKEN_SECRET: DEV.DEV_TOKEN_SECRET }],
  ['AUTH_MODE=entra', { ...DEV, AUTH_MODE: 'entra' }],
  ['no token secret', { AUTH_MODE: 'development' }],
  ['a blank token secret', { ...DEV, DEV_TOKEN_SECRET: ' ' }],
  ['in Azure (WEBSITE_SITE_NAME)', { ...DEV, WEBSITE_SITE_NAME: 'func-helpdesk-abc' }],
  ['in Azure (WEBSITE_INSTANCE_ID)', { ...DEV, WEBSITE_INSTANCE_ID: '0123abcd' }],
])('not declared with %s', (_why, env) => {
  expect(developmentSignIn(env)).toBe(false);
});
