// Terminal output: a plain table, the ticket and its thread. Colour only when stdout is a terminal
// (and NO_COLOR is unset), so pipes and files get plain text.
import type { MailboxWithStatus, QueueItem, SlaReport, StaffTicket, ThreadEntry } from '../shapes';
import { humanSize } from '../../shared/domain/attachments';
import { medianText } from '../../shared/domain/sla-report';
import { sendingOf } from '../../shared/domain/mail-routing';
import type { MailboxSend } from '../../shared/domain/model';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const COLOUR: Style = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), green: wrap(32, 39) };
const PLAIN: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s, green: (s) => s };

export function styleFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Style {
  return stream.isTTY && !env['NO_COLOR'] ? COLOUR : PLAIN;
}

export function isOverdue(t: Pick<QueueItem, 'overdue' | 'status' | 'dueAt'>, now = Date.now()): boolean {
  return t.overdue || (t.status === 'open' && t.dueAt !== null && Date.parse(t.dueAt) < now);
}

/** A short local date-time: the year only when it is not this year. */
export function when(iso: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear() === new Date().getFullYear() ? '' : `${d.getFullYear()}-`}${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function cut(s: string, width: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/** Columns are sized on the plain text and coloured afterwards, so escape codes never skew them. */
export function queueTable(items: QueueItem[], style: Style, width = 120): string {
  const header = ['NUMBER', 'SUBJECT', 'PRIORITY', 'STATUS', 'DEPARTMENT', 'ASSIGNEE', 'DUE', ''];
  const rows = items.map((t) => [
    t.number,
    t.subject,
    t.priority,
    t.status + (t.answered ? '*' : ''),
    t.departmentName ?? t.departmentId,
    t.assigneeName ?? '-',
    when(t.dueAt),
    isOverdue(t) ? 'OVERDUE' : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // The subject takes what the terminal has left, at least 20 characters.
  const others = widths.reduce((a, w, i) => (i === 1 ? a : a + w + 2), 0);
  widths[1] = Math.max(20, Math.min(widths[1]!, width - others - 2));
  const line = (cells: string[], colour: (i: number, s: string) => string) =>
    cells
      .map((c, i) => colour(i, (i === cells.length - 1 ? c : cut(c, widths[i]!).padEnd(widths[i]!))))
      .join('  ')
      .trimEnd();
  const out = [line(header, (_i, s) => style.bold(s))];
  for (const r of rows) {
    out.push(
      line(r, (i, s) => {
        if (i === 7 && s.trim()) return style.red(style.bold(s));
        if (i === 2 && /emergency|high/.test(s)) return style.yellow(s);
        return s;
      }),
    );
  }
  return out.join('\n');
}

type Attachment = NonNullable<Extract<ThreadEntry, { attachments?: unknown }>['attachments']>[number];

/** Only entries with files carry `attachments`. */
export function attachmentsOf(e: ThreadEntry): Attachment[] {
  return 'attachments' in e && e.attachments ? e.attachments : [];
}

function entry(e: ThreadEntry, style: Style): string {
  if (e.type === 'event') return style.dim(`  · ${when(e.createdAt)}  ${e.author.name}: ${e.body}`);
  const label = e.type === 'message' ? 'MESSAGE' : e.type === 'response' ? 'RESPONSE' : 'NOTE (internal)';
  const colour = e.type === 'response' ? style.cyan : e.type === 'note' ? style.yellow : (s: string) => s;
  const head = colour(style.bold(`── ${label} · ${e.author.name} · ${when(e.createdAt)}`));
  const body = e.body.split('\n').map((l) => `   ${l}`).join('\n');
  // One line per file: what it is, and the id that `helpdesk download` takes.
  const files = attachmentsOf(e).map((f) => `   ${style.bold('file:')} ${f.filename} (${humanSize(f.size)})  ${style.dim(`id ${f.id}`)}`);
  return [head, body, ...files].join('\n');
}

export function ticketText(t: StaffTicket, style: Style): string {
  const overdue = isOverdue(t) ? `  ${style.red(style.bold('OVERDUE'))}` : '';
  const lines = [
    `${style.bold(`#${t.number}  ${t.subject}`)}${overdue}`,
    `Status:     ${t.status}${t.answered ? ' (answered)' : ''}`,
    `Priority:   ${t.priority}`,
    `Department: ${t.departmentName ?? t.departmentId}`,
    `Assignee:   ${t.assigneeName ?? '-'}`,
    `SLA plan:   ${t.slaPlanName ?? t.slaPlanId}`,
    `Due:        ${when(t.dueAt)}${t.dueAtSource === 'manual' ? ' (set by hand)' : ''}`,
    `Customer:   ${t.customer.name} <${t.customer.email}>${t.customer.phone ? `, ${t.customer.phone}` : ''}`,
    `Topic:      ${t.topicName ?? t.topicId}`,
    `Opened:     ${when(t.createdAt)}   Last activity: ${when(t.lastActivityAt)}`,
    '',
    ...t.thread.map((e) => entry(e, style)),
  ];
  if (t.thread.some((e) => attachmentsOf(e).length > 0)) lines.push('', style.dim(`Save a file with: helpdesk download ${t.number} <id>`));
  return lines.join('\n');
}

/** The SLA report: one line per plan and department, each target's due / met / breached and median. */
/** Mailboxes with their last fetch, counts and last error (`helpdesk mailboxes`); a mailbox with an error stands out. */
export function mailboxTable(mailboxes: readonly MailboxWithStatus[], style: Style): string {
  const header = ['MAILBOX', 'ADDRESS', 'FETCH', 'SENDS', 'ACTIVE', 'LAST FETCH', 'TAKEN', 'FAILED', 'RETRYING', 'LAST ERROR'];
  const rows = mailboxes.map((m) => [
    m.id,
    m.address,
    m.fetch.method === 'imap'
      ? `imap ${m.fetch.username}@${m.fetch.host}:${m.fetch.port}`
      : `graph, ${m.status?.subscription ? `subscribed until ${m.status.subscription.expiresAt}` : 'not subscribed'}`,
    sendsText(sendingOf(m)),
    m.active ? 'yes' : 'no',
    m.status?.lastFetchAt ?? 'never',
    String(m.status?.taken ?? 0),
    String(m.status?.failed ?? 0),
    String(m.status?.retrying ?? 0),
    m.status?.lastError ? `${m.status.lastError.at} ${m.status.lastError.message}` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [style.bold(line(header)), ...rows.map((cells) => (cells.at(-1) !== '-' ? style.red(line(cells)) : line(cells)))].join('\n');
}

/** How a mailbox's notices leave, in a few words (issue 25). */
function sendsText(send: MailboxSend): string {
  switch (send.method) {
    case 'smtp':
      return `smtp ${send.username}@${send.host}:${send.port}`;
    case 'helpdesk':
      return 'help desk sender, Reply-To';
    default:
      return send.method;
  }
}

export function slaReportTable(report: SlaReport, style: Style): string {
  const header = ['PLAN', 'DEPARTMENT', 'FIRST RESPONSE', 'MET', 'BREACHED', 'MEDIAN', 'RESOLUTION', 'MET', 'BREACHED', 'MEDIAN'];
  const rows = report.rows.map((r) => [
    r.slaPlanName,
    r.departmentName,
    `${r.firstResponse.due} due`,
    String(r.firstResponse.met),
    String(r.firstResponse.breached),
    medianText(r.firstResponse.median),
    `${r.resolution.due} due`,
    String(r.resolution.met),
    String(r.resolution.breached),
    medianText(r.resolution.median),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  // A row with a breach stands out, as an overdue ticket does in a queue.
  return [style.bold(line(header)), ...rows.map((cells) => (cells[4] !== '0' || cells[8] !== '0' ? style.red(line(cells)) : line(cells)))].join('\n');
}
