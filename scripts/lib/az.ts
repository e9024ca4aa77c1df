// The Azure CLI, run as a child process with an argument array (no shell), JSON out.
import { spawnSync } from 'node:child_process';
import { CliError, EXIT } from './cli';

export class AzError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly status: number | null,
    readonly stderr: string,
  ) {
    const first = stderr.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? `exit code ${status}`;
    const flagAt = args.findIndex((a) => a.startsWith('-'));
    super(`az ${(flagAt < 0 ? args : args.slice(0, flagAt)).join(' ')} failed: ${first.replace(/^ERROR:\s*/, '')}`);
  }
}

export interface AzAccount {
  id: string;
  name: string;
  tenantId: string;
  user?: { name: string; type: string };
}

export interface SignedInUser {
  id: string;
  userPrincipalName?: string;
  mail?: string | null;
  displayName?: string;
}

export type DeploymentOutputs = Record<string, { type: string; value: unknown }>;

export interface Az {
  /** Runs `az <args>` and parses its JSON output (null when it prints nothing). */
  json<T>(args: readonly string[]): T | null;
  /** Runs `az <args>` for its effect. */
  run(args: readonly string[]): void;
  /** Runs `az <args>` with its output shown to the operator as it comes (what-if's report). */
  show(args: readonly string[]): void;
}

export function azCli(): Az {
  const exec = (args: readonly string[], stdout: 'pipe' | 'inherit' = 'pipe'): string => {
    const result = spawnSync('az', [...args], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
      stdio: ['ignore', stdout, 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) {
      const code = (result.error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new CliError('the Azure CLI (az) is not installed or not on PATH; see https://aka.ms/azure-cli', EXIT.failure);
      throw result.error;
    }
    if (result.status !== 0) throw new AzError(args, result.status, result.stderr ?? '');
    return result.stdout ?? '';
  };
  return {
    json<T>(args: readonly string[]): T | null {
      const out = exec([...args, '--output', 'json']).trim();
      return out ? (JSON.parse(out) as T) : null;
    },
    run(args: readonly string[]): void {
      exec([...args, '--output', 'none']);
    },
    show(args: readonly string[]): void {
      exec(args, 'inherit');
    },
  };
}

/** `az account show`, or a clear refusal when the CLI is not signed in. */
export function requireLogin(az: Az): AzAccount {
  try {
    const account = az.json<AzAccount>(['account', 'show']);
    if (!account) throw new Error('empty answer');
    return account;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError('the Azure CLI is not logged in: run `az login` (and `az account set --subscription <id>`), then try again', EXIT.notLoggedIn);
  }
}

export function outputValue(outputs: DeploymentOutputs, name: string): string {
  const value = outputs[name]?.value;
  if (typeof value !== 'string' || value === '') throw new CliError(`the deployment did not return the output ${name}`);
  return value;
}
