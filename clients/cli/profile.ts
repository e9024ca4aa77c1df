// Where the command line keeps who you are and which help desk you talk to, as `gh` and `az` do:
// a small profile file, overridden by environment variables, overridden by flags.
//   ~/.config/helpdesk/profile.json (or $XDG_CONFIG_HOME/helpdesk/profile.json), mode 0600
//   HELPDESK_API_URL, HELPDESK_TOKEN, HELPDESK_API_SCOPE
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './api';

export const DEFAULT_API_URL = 'http://localhost:7071/api';

export type ProfileAuth =
  /** Locally: a development token is signed afresh for this agent on every command. */
  | { method: 'dev'; email: string }
  /** Azure: a token from the Azure CLI's sign-in, asked for on every command (the CLI caches it). */
  | { method: 'azure-cli'; scope: string; tenantId?: string }
  /** A bearer token obtained once (device code, or pasted) and used until it expires. */
  | { method: 'token'; token: string; expiresOn: string | null; scope?: string };

export interface Profile {
  apiUrl: string;
  auth: ProfileAuth;
}

export function profilePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'helpdesk', 'profile.json');
}

export function readProfile(env: NodeJS.ProcessEnv = process.env): Profile | null {
  const file = profilePath(env);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Profile;
  } catch (err) {
    throw new CliError(`the profile ${file} is not valid JSON (${(err as Error).message}); sign in again with helpdesk login`);
  }
}

export function writeProfile(profile: Profile, env: NodeJS.ProcessEnv = process.env): string {
  const file = profilePath(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // The profile may hold a bearer token: readable by its owner only.
  writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export function removeProfile(env: NodeJS.ProcessEnv = process.env): boolean {
  const file = profilePath(env);
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}

/** The API base URL without a trailing slash: flag, then environment, then profile, then the local default. */
export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv, profile: Profile | null): string {
  const url = flag ?? env['HELPDESK_API_URL'] ?? profile?.apiUrl ?? DEFAULT_API_URL;
  try {
    new URL(url);
  } catch {
    throw new CliError(`the API URL '${url}' is not a URL; it looks like http://localhost:7071/api`, 2);
  }
  return url.replace(/\/+$/, '');
}
