#!/usr/bin/env node
// `helpdesk`: the agent's command line. It talks only to the HTTP API, as any thin client would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { lookup } from 'mime-types';
import { QUEUES, type MailboxWithStatus, type Me, type QueueItem, type QueueName, type QueuePage, type SlaReport, type StaffDirectory, type StaffTicket, type TicketPatch } from '../shapes';
import { ApiClient, CliError } from './api';
import { AZURE_CLI_CLIENT_ID, azureCliCredential, devAgents, devToken, deviceCodeCredential, entraToken, readAuthConfig, tokenFor } from './auth';
import { humanSize } from '../../shared/domain/attachments';
import { mailboxTable, queueTable, slaReportTable, styleFor, ticketText } from './format';
import { agentId, departmentId, dueAt, priorityId, slaPlanId } from './names';
import { readProfile, removeProfile, resolveApiUrl, writeProfile, type Profile, type ProfileAuth } from './profile';

const env = process.env;
const out = (s: string): void => void process.stdout.write(`${s}\n`);
const note = (s: string): void => void process.stderr.write(`${s}\n`);
const style = () => styleFor(process.stdout, env);

function client(cmd: Command): ApiClient {
  const profile = readProfile(env);
  const apiUrl = resolveApiUrl(cmd.optsWithGlobals<{ apiUrl?: string }>().apiUrl, env, profile);
  return new ApiClient(apiUrl, () => tokenFor(profile?.auth ?? null, env));
}

function ticketNumber(value: string): string {
  const n = value.replace(/^#/, '');
  if (!/^\d{6,9}$/.test(n)) throw new CliError(`'${value}' is not a ticket number (6 to 9 digits)`, 2);
  return n;
}

async function directory(api: ApiClient): Promise<StaffDirectory> {
  return (await api.get<StaffDirectory>('/staff/directory')).body;
}

/** The message of a reply or note: the argument, a file (`-` is stdin), $VISUAL/$EDITOR, or piped stdin. */
function messageFrom(arg: string | undefined, file: string | undefined, what: string): string {
  let text: string;
  if (arg !== undefined) text = arg;
  else if (file !== undefined) {
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as Error).message}`, 2);
    }
  } else if (env['VISUAL'] || env['EDITOR']) {
    const dir = mkdtempSync(join(tmpdir(), 'helpdesk-'));
    const path = join(dir, `${what}.md`);
    writeFileSync(path, `\n# Write the ${what} above. Lines starting with # are dropped; an empty ${what} sends nothing.\n`);
    try {
      // Through the shell, as git does, so that EDITOR="code --wait" works.
      const run = spawnSync(`${env['VISUAL'] || env['EDITOR']} "${path}"`, { stdio: 'inherit', shell: true });
      if (run.status !== 0) throw new CliError(`the editor exited with ${run.status ?? run.signal}; nothing sent`);
      text = readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (!process.stdin.isTTY) text = readFileSync(0, 'utf8');
  else throw new CliError(`give the ${what} as an argument, with --file <path>, or set $EDITOR`, 2);
  if (!text.trim()) throw new CliError(`the ${what} is empty; nothing sent`, 2);
  return text.trim();
}

interface Attachment {
  filename: string;
  contentType?: string;
  data: string;
}

/**
 * The files of --attach, read from disk, their type guessed from the extension (the server guesses
 * the same way when none is given, and decides what it accepts and how large).
 */
function attachmentsFrom(paths: string[] | undefined): { attachments?: Attachment[] } {
  if (!paths?.length) return {};
  const attachments = paths.map((path) => {
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (err) {
      throw new CliError(`cannot attach ${path}: ${(err as Error).message}`, 2);
    }
    const type = lookup(path);
    return { filename: basename(path), ...(type ? { contentType: type } : {}), data: content.toString('base64') };
  });
  return { attachments };
}

const attachOption = () => new Option('--attach <file...>', 'attach files (repeatable; the server takes at most 5 of 10 MB each by default)');

/** Only the last part of a name the server gives: a file is never written outside the folder chosen. */
function safeName(name: string | null): string {
  const base = basename((name ?? '').replace(/\\/g, '/')).trim();
  return base && base !== '.' && base !== '..' ? base : 'attachment';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function summary(t: StaffTicket): string {
  return `#${t.number} ${t.status} · ${t.priority} · ${t.departmentName ?? t.departmentId} · ${t.assigneeName ?? 'unassigned'} · SLA ${t.slaPlanName ?? t.slaPlanId} · due ${t.dueAt ?? '-'}`;
}

async function patch(api: ApiClient, number: string, changes: TicketPatch): Promise<StaffTicket> {
  return (await api.call<StaffTicket>('PATCH', `/staff/tickets/${number}`, changes)).body;
}

function isLocal(url: string): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
}

export function program(): Command {
  const root = new Command('helpdesk')
    .description('Work help-desk tickets from the terminal: queues, assignment, replies, notes, files, status.')
    .addOption(new Option('--api-url <url>', 'the API base URL, e.g. http://localhost:7071/api').env('HELPDESK_API_URL'))
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Sign in first: helpdesk login --dev jane@example.com (local help desk) or
helpdesk login --api-url https://<site>/api (Azure; see helpdesk login --help). The profile is kept in
~/.config/helpdesk/profile.json; HELPDESK_API_URL and HELPDESK_TOKEN override it.`,
    );

  root
    .command('login')
    .description('sign in and save the API URL and identity in the profile; how comes from the API (GET /auth/config)')
    .option('--dev <email>', 'local help desk (development mode): sign in as this agent with development tokens')
    .option('--device-code', "Azure: sign in with a device code (in any browser) instead of the Azure CLI's sign-in")
    .option('--azure', 'Azure: the default once the API says it uses Entra ID; kept for scripts')
    .addOption(new Option('--scope <scope>', 'deprecated: read from the API (GET /auth/config); overrides it when given').env('HELPDESK_API_SCOPE'))
    .option('--tenant <id>', 'deprecated: read from the API; overrides the tenant when given')
    .option('--client-id <id>', `with --device-code: the public client to sign in with (default: the Azure CLI's, ${AZURE_CLI_CLIENT_ID}, which the deploy pre-authorises)`)
    .option('--token <token>', 'save this bearer token as it is')
    .addHelpText(
      'after',
      `
Against a help desk in Azure, \`helpdesk login --api-url https://<site>/api\` asks the API which tenant
and resource to sign in to, then gets tokens from the Azure CLI (run \`az login\` first; it asks for
<resource>/.default). With --device-code it signs in with a code instead, as the Azure CLI's own
public client (${AZURE_CLI_CLIENT_ID}); the deploy pre-authorises that client for the API's
access_as_user scope, so no consent prompt and no client id of your own. A device-code token is
saved and lasts about an hour; then sign in again.
Against the local help desk (development mode) it lists the agents to sign in as with --dev.`,
    )
    .action(async (opts: { dev?: string; azure?: boolean; scope?: string; deviceCode?: boolean; tenant?: string; clientId?: string; token?: string }, cmd: Command) => {
      const apiUrl = resolveApiUrl(cmd.optsWithGlobals<{ apiUrl?: string }>().apiUrl, env, readProfile(env));
      let auth: ProfileAuth;
      if ([opts.dev, opts.azure || opts.deviceCode, opts.token].filter(Boolean).length > 1) throw new CliError('use one of --dev, --azure/--device-code and --token', 2);
      if (opts.dev) {
        const email = opts.dev.trim().toLowerCase();
        if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new CliError(`--dev wants an agent e-mail address, got '${opts.dev}'`, 2);
        if (!isLocal(apiUrl)) note(`note: ${apiUrl} is not on this machine; development tokens work only where AUTH_MODE=development`);
        await devToken(email);
        auth = { method: 'dev', email };
      } else if (opts.token) {
        auth = { method: 'token', token: opts.token.trim(), expiresOn: null };
      } else {
        const config = await readAuthConfig(apiUrl);
        if (config.mode === 'unconfigured') throw new CliError(`${apiUrl} cannot sign agents in yet: ${config.message}`);
        if (config.mode === 'development') {
          const agents = await devAgents(apiUrl);
          const list = agents.map((a) => `  helpdesk login --dev ${a.email}    (${a.name})`).join('\n');
          throw new CliError(`${apiUrl} is a local help desk in development mode: sign in as one of its agents with --dev:\n${list || '  helpdesk login --dev <agent e-mail>'}`, 2);
        }
        const tenantId = opts.tenant ?? config.tenantId;
        if (opts.deviceCode) {
          // The delegated scope itself: the Azure CLI's client is pre-authorised for exactly it.
          const scope = opts.scope ?? config.scope;
          const got = await entraToken(deviceCodeCredential(tenantId, opts.clientId), scope);
          auth = { method: 'token', token: got.token, expiresOn: got.expiresOn, scope };
        } else {
          // The Azure CLI credential turns a scope into --resource by dropping /.default.
          const scope = opts.scope ?? `${config.resource}/.default`;
          await entraToken(azureCliCredential(tenantId), scope);
          auth = { method: 'azure-cli', scope, tenantId };
        }
      }
      const api = new ApiClient(apiUrl, () => tokenFor(auth, {}));
      const me = (await api.get<Me>('/staff/me')).body;
      const profile: Profile = { apiUrl, auth };
      const file = writeProfile(profile, env);
      out(`Signed in to ${apiUrl} as ${me.name} <${me.email}>. Profile: ${file}`);
    });

  root
    .command('logout')
    .description('forget the saved profile')
    .action(() => out(removeProfile(env) ? 'Signed out.' : 'Not signed in.'));

  root
    .command('whoami')
    .description('the signed-in agent, their departments and roles')
    .option('--json', 'print the API answer as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const me = (await api.get<Me>('/staff/me')).body;
      if (opts.json) return out(JSON.stringify(me, null, 2));
      out(`${me.name} <${me.email}>${me.isAdmin ? ' (administrator)' : ''} at ${api.baseUrl}`);
      for (const d of me.departments) out(`  ${d.name ?? d.id}: ${d.role.name ?? d.role.id}${d.primary ? ' (primary)' : ''}`);
    });

  root
    .command('token')
    .description('print the bearer token the commands use (for curl or the web console)')
    .action(async () => out(await tokenFor(readProfile(env)?.auth ?? null, env)));

  root
    .command('queue')
    .description(`a queue of tickets: ${QUEUES.join(', ')}`)
    .argument('[queue]', 'which queue', 'open')
    .option('--department <name>', 'only this department')
    .option('-s, --search <text>', 'subject or customer contains')
    .option('--limit <n>', 'tickets per page (1-100)', '25')
    .option('--cursor <cursor>', 'the next page, as printed below the previous one')
    .option('--all', 'follow every page')
    .option('--json', 'print { queue, items, nextCursor } as JSON, for scripts')
    .action(async (queue: string, opts: { department?: string; search?: string; limit: string; cursor?: string; all?: boolean; json?: boolean }, cmd: Command) => {
      if (!(QUEUES as readonly string[]).includes(queue)) throw new CliError(`no queue '${queue}'; choose one of: ${QUEUES.join(', ')}`, 2);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new CliError('--limit must be a whole number from 1 to 100', 2);
      const api = client(cmd);
      const params = new URLSearchParams({ queue: queue as QueueName, limit: String(limit) });
      if (opts.department) params.set('department', departmentId(await directory(api), opts.department));
      if (opts.search) params.set('q', opts.search);
      const items: QueueItem[] = [];
      let cursor = opts.cursor ?? null;
      do {
        const page = new URLSearchParams(params);
        if (cursor) page.set('cursor', cursor);
        const got = (await api.get<QueuePage>(`/staff/tickets?${page.toString()}`)).body;
        items.push(...got.items);
        cursor = got.nextCursor;
      } while (opts.all && cursor);
      if (opts.json) return out(JSON.stringify({ queue, items, nextCursor: cursor }, null, 2));
      if (items.length === 0) return out(`No tickets in the ${queue} queue.`);
      out(queueTable(items, style(), process.stdout.columns || 120));
      if (cursor) note(`more: helpdesk queue ${queue} --cursor ${cursor}`);
    });

  root
    .command('sla-report')
    .description('SLA figures per plan and department: targets due, met and breached, median business time to first response and to resolution (needs stats.agents)')
    .option('--from <date>', 'first UTC day, YYYY-MM-DD (default: 29 days before --to)')
    .option('--to <date>', 'last UTC day, YYYY-MM-DD (default: today)')
    .option('--department <name>', 'only this department')
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', '\nThe range is at most 366 days. Due = met + breached: targets that were met (on the day they were reached)\nor breached (on their due day) in the range. Medians are business minutes, read from fixed buckets.')
    .action(async (opts: { from?: string; to?: string; department?: string; json?: boolean }, cmd: Command) => {
      const day = (value: string, name: string) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new CliError(`--${name} must be a date such as 2026-12-01 (YYYY-MM-DD), not '${value}'`, 2);
        return value;
      };
      const to = opts.to !== undefined ? day(opts.to, 'to') : new Date().toISOString().slice(0, 10);
      const from = opts.from !== undefined ? day(opts.from, 'from') : new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
      const api = client(cmd);
      const params = new URLSearchParams({ from, to });
      if (opts.department) params.set('department', departmentId(await directory(api), opts.department));
      const report = (await api.get<SlaReport>(`/staff/sla-report?${params.toString()}`)).body;
      if (opts.json) return out(JSON.stringify(report, null, 2));
      if (report.rows.length === 0) return out(`No SLA figures from ${from} to ${to}.`);
      out(`SLA figures from ${report.from} to ${report.to} (UTC days)${opts.department ? `, ${opts.department}` : ''}:`);
      out(slaReportTable(report, style()));
    });

  root
    .command('mailboxes')
    .description("the help desk's own mailboxes with their last fetch, taken and failed counts and last error (administrators)")
    .option('--json', 'print the API answer as JSON')
    .addHelpText('after', '\nTaken: moved to helpdesk-processed after the e-mail intake; failed: moved to helpdesk-failed after 3 attempts.\nA mailbox is added with POST /api/admin/mailboxes; its password stays in the Key Vault (README, Deploy to Azure).')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { mailboxes } = (await client(cmd).get<{ mailboxes: MailboxWithStatus[] }>('/admin/mailboxes')).body;
      if (opts.json) return out(JSON.stringify({ mailboxes }, null, 2));
      if (mailboxes.length === 0) return out('No mailboxes: the help desk fetches none (add one with POST /api/admin/mailboxes).');
      out(mailboxTable(mailboxes, style()));
    });

  root
    .command('show')
    .description('a ticket and its whole thread: messages, responses, internal notes, events')
    .argument('<number>', 'the ticket number')
    .option('--json', 'print the API answer as JSON')
    .action(async (number: string, opts: { json?: boolean }, cmd: Command) => {
      const t = (await client(cmd).get<StaffTicket>(`/staff/tickets/${ticketNumber(number)}`)).body;
      out(opts.json ? JSON.stringify(t, null, 2) : ticketText(t, style()));
    });

  root
    .command('assign')
    .description('change the assignee, department, priority, SLA plan or due time, in one change')
    .argument('<number>', 'the ticket number')
    .option('--agent <email>', 'assign to this agent (e-mail or name); none unassigns')
    .option('--department <name>', 'transfer to this department')
    .option('--priority <priority>', 'low, normal, high or emergency')
    .option('--sla <plan>', 'SLA plan by name, e.g. SEV-A')
    .option('--due <time>', 'due time: 2026-12-01T09:00:00Z, "2026-12-01 09:00", +4h, +2d, or sla for the plan\'s')
    .option('--json', 'print the ticket as JSON')
    .action(async (number: string, opts: { agent?: string; department?: string; priority?: string; sla?: string; due?: string; json?: boolean }, cmd: Command) => {
      const n = ticketNumber(number);
      if (![opts.agent, opts.department, opts.priority, opts.sla, opts.due].some((o) => o !== undefined)) {
        throw new CliError('say what to change: --agent, --department, --priority, --sla or --due', 2);
      }
      const api = client(cmd);
      const d = await directory(api);
      const changes: TicketPatch = {};
      if (opts.agent !== undefined) changes.assigneeId = agentId(d, opts.agent);
      if (opts.department !== undefined) changes.departmentId = departmentId(d, opts.department);
      if (opts.priority !== undefined) changes.priority = priorityId(d, opts.priority) as TicketPatch['priority'];
      if (opts.sla !== undefined) changes.slaPlanId = slaPlanId(d, opts.sla);
      if (opts.due !== undefined) changes.dueAt = dueAt(opts.due);
      const t = await patch(api, n, changes);
      out(opts.json ? JSON.stringify(t, null, 2) : summary(t));
    });

  root
    .command('reply')
    .description('reply to the customer; the message from the argument, --file, $EDITOR or stdin')
    .argument('<number>', 'the ticket number')
    .argument('[message]', 'the reply')
    .option('-f, --file <path>', 'read the reply from a file (- for stdin)')
    .option('--resolve', 'resolve the ticket with this reply')
    .option('--wait', 'wait on the customer: the ticket becomes pending and its SLA clocks stop until they write')
    .addOption(attachOption())
    .addHelpText('after', '\nGive the message before --attach, or end the files with --: helpdesk reply 123456 "See the log." --attach log.txt')
    .action(async (number: string, message: string | undefined, opts: { file?: string; resolve?: boolean; wait?: boolean; attach?: string[] }, cmd: Command) => {
      const n = ticketNumber(number);
      if (opts.resolve && opts.wait) throw new CliError('choose either --resolve or --wait', 2);
      const files = attachmentsFrom(opts.attach);
      const status = opts.resolve ? ('resolved' as const) : opts.wait ? ('pending' as const) : undefined;
      const body = { message: messageFrom(message, opts.file, 'reply'), ...(status ? { status } : {}), ...files };
      const t = (await client(cmd).call<StaffTicket>('POST', `/staff/tickets/${n}/replies`, body)).body;
      out(`Reply sent. ${summary(t)}`);
    });

  root
    .command('note')
    .description('add an internal note, never shown to the customer')
    .argument('<number>', 'the ticket number')
    .argument('[message]', 'the note')
    .option('-f, --file <path>', 'read the note from a file (- for stdin)')
    .addOption(attachOption())
    .addHelpText('after', '\nGive the note before --attach, or end the files with --: helpdesk note 123456 "Trace attached." --attach trace.txt')
    .action(async (number: string, message: string | undefined, opts: { file?: string; attach?: string[] }, cmd: Command) => {
      const n = ticketNumber(number);
      const files = attachmentsFrom(opts.attach);
      const t = (await client(cmd).call<StaffTicket>('POST', `/staff/tickets/${n}/notes`, { message: messageFrom(message, opts.file, 'note'), ...files })).body;
      out(`Note added. ${summary(t)}`);
    });

  root
    .command('download')
    .description("save a file of a ticket's thread (the ids are listed by helpdesk show)")
    .argument('<number>', 'the ticket number')
    .argument('<attachmentId>', 'the file\'s id, as helpdesk show lists it')
    .option('-o, --output <path>', 'where to save it: a file, or a folder to save it in under its own name (default: the current folder)')
    .option('--force', 'overwrite a file that is already there')
    .action(async (number: string, attachmentId: string, opts: { output?: string; force?: boolean }, cmd: Command) => {
      const n = ticketNumber(number);
      const file = await client(cmd).download(`/staff/tickets/${n}/attachments/${encodeURIComponent(attachmentId)}`);
      const name = safeName(file.filename);
      const target = resolve(opts.output === undefined ? name : isDirectory(opts.output) ? join(opts.output, name) : opts.output);
      try {
        // 'wx' fails when the file exists, in the same step that would create it.
        writeFileSync(target, file.content, { flag: opts.force ? 'w' : 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${target} already exists; nothing saved (use --force to overwrite it, or --output <path>)`);
        throw new CliError(`cannot save ${target}: ${(err as Error).message}`);
      }
      out(`Saved ${name} (${humanSize(file.content.byteLength)}) to ${target}`);
    });

  for (const [name, status, what] of [
    ['close', 'closed', 'close the ticket'],
    ['reopen', 'open', 'reopen a resolved or closed ticket (restarts the SLA clock), or stop waiting on the customer'],
    ['wait', 'pending', 'wait on the customer: the ticket becomes pending and its SLA clocks stop until they write'],
  ] as const) {
    root
      .command(name)
      .description(what)
      .argument('<number>', 'the ticket number')
      .action(async (number: string, _opts: unknown, cmd: Command) => {
        out(summary(await patch(client(cmd), ticketNumber(number), { status })));
      });
  }
  return root;
}

export async function main(argv: string[]): Promise<number> {
  const root = program();
  root.exitOverride();
  for (const c of root.commands) c.exitOverride();
  try {
    await root.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : err.exitCode || 2;
    if (err instanceof CliError) {
      note(`helpdesk: ${err.message}`);
      return err.exitCode;
    }
    note(`helpdesk: unexpected failure: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
