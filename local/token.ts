// `npm run token -- <e-mail>`: prints a development token for an agent, as its last line.
import { parseArgs } from 'node:util';
import { issueDevToken } from '../shared/auth/jwt';
import { DEMO_DIRECTORY } from '../shared/seed/demo-directory';
import { localSettings } from './settings';

const HELP = `Usage: npm run token -- <agent e-mail> [--hours <n>]

Prints a development bearer token for an agent of the local help desk (last line of output).
Seeded agents: ${DEMO_DIRECTORY.flatMap((e) => (e.kind === 'agent' ? [e.email] : [])).join(', ')}

Options:
  --hours <n>   how long the token is valid (default 12)
  -h, --help    show this help
`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { hours: { type: 'string', default: '12' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) return void console.log(HELP);
  const email = positionals[0]?.trim().toLowerCase();
  const hours = Number(values.hours);
  if (!email || positionals.length > 1 || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    console.error(`error: give exactly one agent e-mail address\n\n${HELP}`);
    process.exit(2);
  }
  if (!(hours > 0 && hours <= 24 * 30)) {
    console.error('error: --hours must be a number between 0 and 720');
    process.exit(2);
  }
  const settings = localSettings();
  if (settings['AUTH_MODE'] !== 'development') {
    console.error('error: AUTH_MODE is not "development" in local.settings.json; development tokens would be refused');
    process.exit(1);
  }
  const seeded = DEMO_DIRECTORY.some((e) => e.kind === 'agent' && e.email === email);
  if (!seeded) console.error(`note: ${email} is not a seeded agent; the token works only if an admin has added this agent`);
  console.log(await issueDevToken(settings['DEV_TOKEN_SECRET']!, email, hours * 3600));
}

main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});
