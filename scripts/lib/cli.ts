// Small helpers the operator commands share: one-line errors with an exit code, progress lines,
// colour only on a terminal.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Exit codes the commands document in their --help. */
export const EXIT = { failure: 1, usage: 2, notLoggedIn: 3, notConfirmed: 4, prerequisites: 5 } as const;

const useColour = (): boolean => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: string, text: string): string => (useColour() ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = (text: string): string => paint('1', text);
export const dim = (text: string): string => paint('2', text);
const red = (text: string): string => (process.stderr.isTTY && !process.env.NO_COLOR ? `\u001b[31m${text}\u001b[0m` : text);

/** Prints "[2/7] Provisioning ..." lines. */
export class Progress {
  private current = 0;
  constructor(private readonly total: number) {}
  step(text: string): void {
    this.current++;
    console.log(`${bold(`[${this.current}/${this.total}]`)} ${text}`);
  }
  detail(text: string): void {
    console.log(`      ${dim(text)}`);
  }
}

/** Runs a command's main, turning a CliError (or anything else) into one line on stderr and an exit code. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => undefined,
    (err: unknown) => {
      const code = err instanceof CliError ? err.exitCode : EXIT.failure;
      const message = err instanceof Error ? err.message : String(err);
      console.error(red(`error: ${message.split('\n')[0]}`));
      process.exitCode = code;
    },
  );
}

/** The repository root: the nearest folder upwards with the project's package.json. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'host.json'))) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string };
      if (parsed.name === 'helpdesk') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no helpdesk project root above ${from}`);
    dir = parent;
  }
}

/** Environment names become resource group names and feed uniqueString: keep them simple. */
export function checkEnvName(name: string | undefined): string {
  if (!name) throw new CliError('--env <name> is required', EXIT.usage);
  if (!/^[a-z0-9][a-z0-9-]{0,38}$/i.test(name)) {
    throw new CliError(`--env must be 1-39 letters, digits or hyphens, starting with a letter or digit (got "${name}")`, EXIT.usage);
  }
  return name;
}

export const resourceGroupFor = (env: string): string => `rg-${env}`;
export const deploymentNameFor = (env: string): string => `helpdesk-${env}`;
export const apiAppDisplayNameFor = (env: string): string => `helpdesk-api-${env}`;
