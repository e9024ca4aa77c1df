// A private Dovecot for the local stack and the tests (issue 24): Debian's dovecot-imapd with a
// configuration of our own in a folder of our own, IMAP only, on 127.0.0.1 and a high port, plain
// login (loopback only, never TLS), users from a passwd-file, Maildir under the folder. It runs
// as the current user (default_login_user/default_internal_user, no chroot); started as root it
// runs its login and mail processes as Debian's dovenull and dovecot users instead, since Dovecot
// refuses root for them. Nothing system-wide is touched: no /etc/dovecot, no service.
// Settings as in Dovecot 2.3's documentation (Debian 12 ships 2.3.19): base_dir, state_dir,
// log_path, protocols, listen, ssl, disable_plaintext_auth, auth_mechanisms, default_login_user,
// default_internal_user, mail_location, passdb/userdb passwd-file and static, service chroot.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, portIsFree } from './free-port';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';
export const DEFAULT_IMAP_PORT = 10143;

/** What `npm start` prints when Dovecot is not installed. */
export const NO_DOVECOT_HINT = `Local IMAP: Dovecot is not installed, so no local mailbox (Debian/Ubuntu: sudo apt-get install dovecot-imapd, then npm start again)`;

/** `sh -c WATCHDOG <dovecot> <config>`: runs Dovecot until stdin closes or Dovecot exits. */
const WATCHDOG = 'exec 3<&0; "$0" -F -c "$1" </dev/null & child=$!; (read _ <&3; kill $child 2>/dev/null) & wait $child';

export function dovecotInstalled(binary = DOVECOT_BINARY): boolean {
  return existsSync(binary);
}

export interface LocalDovecot {
  host: '127.0.0.1';
  port: number;
  /** Where its configuration, users, mail and log live. */
  dir: string;
  /** Adds a user (or changes its password); Dovecot reads the passwd-file again when it changes. */
  setUser(name: string, password: string): void;
  stop(): Promise<void>;
}

interface Identity {
  loginUser: string;
  internalUser: string;
  internalGroup: string;
  uid: number;
  gid: number;
}

/** A system user's uid and gid from /etc/passwd (Debian's dovecot user, when started as root). */
function systemUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`Dovecot runs as root only with its system user '${name}', which dovecot-core creates; reinstall dovecot-core`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? String(gid);
}

function identity(): Identity {
  const me = userInfo();
  if (me.uid !== 0) return { loginUser: me.username, internalUser: me.username, internalGroup: groupName(me.gid), uid: me.uid, gid: me.gid };
  const dovecot = systemUser('dovecot');
  systemUser('dovenull');
  return { loginUser: 'dovenull', internalUser: 'dovecot', internalGroup: 'dovecot', uid: dovecot.uid, gid: dovecot.gid };
}

export function dovecotConfig(o: { dir: string; port: number; id: Identity }): string {
  const { dir, port, id } = o;
  return `# Written by local/dovecot.ts for the local help desk; rewritten on every start.
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
protocols = imap
listen = 127.0.0.1
ssl = no
# Plain login without TLS: this server listens on loopback only.
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${id.loginUser}
default_internal_user = ${id.internalUser}
default_internal_group = ${id.internalGroup}
first_valid_uid = 1
mail_location = maildir:${join(dir, 'mail')}/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(dir, 'users')}
}
userdb {
  driver = static
  args = uid=${id.uid} gid=${id.gid} home=${join(dir, 'mail')}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
}

/** Resolves once the server greets on the port (bounded). */
async function greeting(port: number, child: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (d) => {
        socket.destroy();
        res(d.toString().startsWith('* OK'));
      });
      socket.once('error', () => res(false));
      socket.once('timeout', () => {
        socket.destroy();
        res(false);
      });
    });
    if (ok) return;
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
    if (child.exitCode !== null) throw new Error(`Dovecot exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) throw new Error(`Dovecot did not answer on 127.0.0.1:${port}:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Started as root, the mail and auth processes run as the dovecot user: they must be able to pass
 * through the folders above theirs (search permission only, nothing becomes readable).
 */
function letThrough(dir: string): void {
  for (let d = resolve(dir); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) !== 0) break;
    chmodSync(d, (mode & 0o777) | 0o011);
  }
}

export async function startLocalDovecot(o: { dir: string; port: number; binary?: string }): Promise<LocalDovecot> {
  const binary = o.binary ?? DOVECOT_BINARY;
  const dir = resolve(o.dir);
  // Dovecot needs a number: port 0 picks one that was free a moment ago.
  const port = o.port === 0 ? await freePort() : o.port;
  // Otherwise the greeting below could come from whatever listens there, while Dovecot failed to bind.
  if (!(await portIsFree(port))) throw new Error(`127.0.0.1:${port} is in use: is another help desk running? Pass --imap-port (0 picks a free port)`);
  const id = identity();
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  const usersFile = join(dir, 'users');
  if (!existsSync(usersFile)) writeFileSync(usersFile, '', { mode: 0o600 });
  if (userInfo().uid === 0) {
    letThrough(dir);
    chownSync(join(dir, 'mail'), id.uid, id.gid);
    chownSync(usersFile, id.uid, id.gid);
  }
  const configFile = join(dir, 'dovecot.conf');
  writeFileSync(configFile, dovecotConfig({ dir, port, id }), { mode: 0o600 });
  // One left running by a stack that was killed (its pid file in our base_dir) is stopped first.
  const pidFile = join(dir, 'run', 'master.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      // Only if that pid is still a Dovecot of this folder: a pid file can outlive its process.
      if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(configFile)) process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    } catch {
      // not running
    }
  }
  const logFile = join(dir, 'dovecot.log');
  // -F: in the foreground, under a shell that stops it when our end of its stdin closes: when we
  // stop it, and also when this process dies without stopping it (killed), so no Dovecot is left
  // behind. The shell ends when Dovecot does. (Asynchronous lists get /dev/null as stdin, hence fd 3.)
  const child = spawn('sh', ['-c', WATCHDOG, binary, configFile], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    child.stdin!.end();
    await exited;
  };
  try {
    await greeting(port, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    dir,
    setUser(name, password) {
      if (!/^[\w.@-]+$/.test(name) || /[:\n]/.test(password)) throw new Error('A local IMAP user name is letters, digits, . _ @ -; a password has no colon or line break');
      const others = readFileSync(usersFile, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith(`${name}:`));
      writeFileSync(usersFile, [...others, `${name}:{PLAIN}${password}`].join('\n') + '\n');
    },
    stop,
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
