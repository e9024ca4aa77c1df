// The directory's own rules, as pure functions: which references must exist, which names must be
// unique, what still refers to an entry (so it cannot be deleted), and the last-admin rule. The
// application layer reads the directory and the ticket counts, then asks these.
import { calendarProblems } from './business-time';
import { DomainError, invalid, type ErrorDetail } from './errors';
import { privateHostReason } from './outbound-hosts';
import type { Agent, Directory, DirectoryEntry } from './model';

/** The kinds an administrator manages through the admin API (settings have their own rules). */
export const ADMIN_KINDS = ['department', 'agent', 'role', 'slaPlan', 'topic', 'schedule', 'ban', 'mailbox'] as const;
export type AdminKind = (typeof ADMIN_KINDS)[number];
export type EntryOf<K extends AdminKind> = Extract<DirectoryEntry, { kind: K }>;
export type AdminEntry = EntryOf<AdminKind>;

/** How the API and messages name each kind. */
export const KIND_LABELS: Readonly<Record<AdminKind, string>> = {
  department: 'department',
  agent: 'agent',
  role: 'role',
  slaPlan: 'SLA plan',
  topic: 'help topic',
  schedule: 'schedule',
  ban: 'ban',
  mailbox: 'mailbox',
};

/** The ticket field that refers to an entry of each kind; roles are referred to by agents only. */
export const TICKET_REFERENCE_FIELD = {
  department: 'departmentId',
  agent: 'assigneeId',
  slaPlan: 'slaPlanId',
  topic: 'topicId',
  role: null,
  schedule: null,
  ban: null,
  mailbox: null,
} as const satisfies Record<AdminKind, string | null>;
export type TicketReferenceField = NonNullable<(typeof TICKET_REFERENCE_FIELD)[AdminKind]>;

export function entriesOf<K extends AdminKind>(d: Directory, kind: K): EntryOf<K>[] {
  const lists: { [P in AdminKind]: EntryOf<P>[] } = {
    department: d.departments,
    agent: d.agents,
    role: d.roles,
    slaPlan: d.slaPlans,
    topic: d.topics,
    schedule: d.schedules,
    ban: d.bans,
    mailbox: d.mailboxes,
  };
  return lists[kind];
}

/** The directory with one entry put in place (added, or replacing the one with its id). */
export function withEntry(d: Directory, entry: AdminEntry): Directory {
  const put = <T extends AdminEntry>(list: T[]): T[] =>
    list.some((e) => e.id === entry.id) ? list.map((e) => (e.id === entry.id ? (entry as T) : e)) : [...list, entry as T];
  switch (entry.kind) {
    case 'department':
      return { ...d, departments: put(d.departments) };
    case 'agent':
      return { ...d, agents: put(d.agents) };
    case 'role':
      return { ...d, roles: put(d.roles) };
    case 'slaPlan':
      return { ...d, slaPlans: put(d.slaPlans) };
    case 'topic':
      return { ...d, topics: put(d.topics) };
    case 'schedule':
      return { ...d, schedules: put(d.schedules) };
    case 'ban':
      return { ...d, bans: put(d.bans) };
    case 'mailbox':
      return { ...d, mailboxes: put(d.mailboxes) };
  }
}

const sameText = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A readable id from a name, as the seeded ones are (`System Administrators` -> `system-administrators`),
 * with a numeric suffix when the id is taken.
 */
export function slugId(name: string, taken: ReadonlySet<string>, fallback: string): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/g, '') || fallback;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

// ------------------------------------------------------------------ references

/** References from the entry to others that do not exist (or make no sense). */
export function referenceProblems(entry: AdminEntry, d: Directory): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const need = (kind: AdminKind, id: string | null, path: string) => {
    if (id !== null && !entriesOf(d, kind).some((e) => e.id === id)) problems.push({ path, message: `no ${KIND_LABELS[kind]} '${id}'` });
  };
  // New tickets take their plan from the topic or department: a disabled one would refuse intake.
  const activePlan = (id: string | null, path: string) => {
    if (id !== null && d.slaPlans.some((p) => p.id === id && !p.active)) problems.push({ path, message: `SLA plan '${id}' is disabled` });
  };
  switch (entry.kind) {
    case 'department':
      need('agent', entry.managerId, 'managerId');
      need('slaPlan', entry.slaPlanId, 'slaPlanId');
      activePlan(entry.slaPlanId, 'slaPlanId');
      // Without a plan of its own its tickets take the default one, which must be there.
      if (entry.slaPlanId === null && !d.slaPlans.some((p) => p.id === d.sla.defaultPlanId)) {
        problems.push({ path: 'slaPlanId', message: `name a plan: the default SLA plan '${d.sla.defaultPlanId}' is missing (choose one with PATCH /api/admin/settings/sla)` });
      }
      need('schedule', entry.scheduleId ?? null, 'scheduleId');
      break;
    case 'topic':
      need('department', entry.departmentId, 'departmentId');
      need('slaPlan', entry.slaPlanId, 'slaPlanId');
      activePlan(entry.slaPlanId, 'slaPlanId');
      need('agent', entry.autoAssignAgentId, 'autoAssignAgentId');
      break;
    case 'agent': {
      need('department', entry.departmentId, 'departmentId');
      need('role', entry.roleId, 'roleId');
      entry.extendedAccess.forEach((g, i) => {
        need('department', g.departmentId, `extendedAccess.${i}.departmentId`);
        need('role', g.roleId, `extendedAccess.${i}.roleId`);
        // The primary department's role comes from roleId; a second grant there would be ignored.
        if (g.departmentId === entry.departmentId) {
          problems.push({ path: `extendedAccess.${i}.departmentId`, message: 'is the primary department; its role is roleId' });
        }
      });
      const ids = entry.extendedAccess.map((g) => g.departmentId);
      if (new Set(ids).size !== ids.length) problems.push({ path: 'extendedAccess', message: 'each department may appear once' });
      break;
    }
    case 'slaPlan':
      need('schedule', entry.scheduleId ?? null, 'scheduleId');
      need('department', entry.escalation?.departmentId ?? null, 'escalation.departmentId');
      break;
    case 'schedule':
      problems.push(...calendarProblems(entry));
      break;
    case 'mailbox':
      need('topic', entry.topicId, 'topicId');
      break;
    case 'role':
    case 'ban':
      break;
  }
  return problems;
}

// ------------------------------------------------------------------ uniqueness

/** Why the entry clashes with another of its kind: the same name, or for agents the same e-mail or Entra identity. */
export function uniquenessConflicts(entry: AdminEntry, d: Directory): string[] {
  const label = KIND_LABELS[entry.kind];
  if (entry.kind === 'agent') {
    const others = d.agents.filter((a) => a.id !== entry.id);
    const conflicts: string[] = [];
    const byEmail = others.find((a) => sameText(a.email, entry.email));
    if (byEmail) conflicts.push(`The e-mail address ${entry.email} is already used by agent ${byEmail.name} (${byEmail.id})`);
    const byOid = entry.entraObjectId === null ? undefined : others.find((a) => a.entraObjectId === entry.entraObjectId);
    if (byOid) conflicts.push(`The Entra object id ${entry.entraObjectId} is already linked to agent ${byOid.name} (${byOid.id})`);
    return conflicts;
  }
  if (entry.kind === 'mailbox') {
    const byAddress = d.mailboxes.find((m) => m.id !== entry.id && sameText(m.address, entry.address));
    if (byAddress) return [`The address ${entry.address} is already used by mailbox ${byAddress.name} (${byAddress.id})`];
  }
  const clash = entriesOf(d, entry.kind).find((e) => e.id !== entry.id && sameText(e.name, entry.name));
  return clash ? [`The name '${entry.name}' is already used by ${label} '${clash.id}'`] : [];
}

/** Refuses an entry whose references are broken (400) or whose name is in use (409). */
export function checkEntry(entry: AdminEntry, d: Directory): void {
  const problems = referenceProblems(entry, d);
  if (problems.length > 0) {
    throw invalid(`Invalid ${KIND_LABELS[entry.kind]}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  const conflicts = uniquenessConflicts(entry, d);
  if (conflicts.length > 0) throw new DomainError('conflict', conflicts.join('; '));
}

// ------------------------------------------------------------------ administrators

const activeAdmin = (a: Agent): boolean => a.isAdmin && a.active;

/** True when the change (or removal, `after` null) leaves the help desk without an active administrator. */
export function losesLastAdmin(before: Agent, after: Agent | null, d: Directory): boolean {
  if (!activeAdmin(before) || (after !== null && activeAdmin(after))) return false;
  return !d.agents.some((a) => a.id !== before.id && activeAdmin(a));
}

/** A plan that departments, topics or the SLA settings hand to new tickets cannot be disabled until they use another. */
export function requirePlanUnusedWhenDisabled(before: EntryOf<'slaPlan'>, after: EntryOf<'slaPlan'>, d: Directory): void {
  if (!before.active || after.active) return;
  const users = [
    ...d.departments.filter((x) => x.slaPlanId === after.id).map((x) => `department ${x.id}`),
    ...d.topics.filter((t) => t.slaPlanId === after.id).map((t) => `help topic ${t.id}`),
    ...(d.sla.defaultPlanId === after.id ? ['the SLA settings (it is the default plan)'] : []),
  ];
  if (users.length > 0) {
    throw new DomainError('conflict', `The SLA plan ${after.name} is the plan of ${users.join(', ')}; give them another plan before disabling it`);
  }
}

export function requireAnotherAdmin(before: Agent, after: Agent | null, d: Directory): void {
  if (losesLastAdmin(before, after, d)) {
    throw new DomainError('conflict', `${before.name} is the last active administrator; make another agent an administrator first`);
  }
}

// ------------------------------------------------------------------ deletion

/**
 * What still refers to the entry, each as a detail; empty when it may be deleted. Tickets count
 * whatever their status: a closed ticket still belongs to its department and names its plan.
 */
export function deletionBlockers(entry: AdminEntry, d: Directory, ticketCount: number): ErrorDetail[] {
  const blockers: ErrorDetail[] = [];
  const names = (items: { id: string }[]) => items.map((i) => i.id).join(', ');
  const add = (path: string, items: { id: string }[], what: string) => {
    if (items.length > 0) blockers.push({ path, message: `${items.length} ${what}: ${names(items)}` });
  };
  if (ticketCount > 0) {
    blockers.push({ path: 'tickets', message: `${ticketCount} ticket${ticketCount === 1 ? '' : 's'} refer${ticketCount === 1 ? 's' : ''} to it` });
  }
  switch (entry.kind) {
    case 'department':
      add('agents', d.agents.filter((a) => a.departmentId === entry.id), 'agent(s) have it as primary department');
      add('extendedAccess', d.agents.filter((a) => a.extendedAccess.some((g) => g.departmentId === entry.id)), 'agent(s) have extended access to it');
      add('topics', d.topics.filter((t) => t.departmentId === entry.id), 'help topic(s) route to it');
      add('slaPlans', d.slaPlans.filter((p) => p.escalation?.departmentId === entry.id), 'SLA plan(s) escalate to it');
      break;
    case 'topic':
      add('mailboxes', d.mailboxes.filter((m) => m.topicId === entry.id), 'mailbox(es) file their mail under it');
      break;
    case 'role':
      add('agents', d.agents.filter((a) => a.roleId === entry.id || a.extendedAccess.some((g) => g.roleId === entry.id)), 'agent(s) hold it');
      break;
    case 'slaPlan':
      add('departments', d.departments.filter((x) => x.slaPlanId === entry.id), 'department(s) use it by default');
      add('topics', d.topics.filter((t) => t.slaPlanId === entry.id), 'help topic(s) use it');
      if (d.sla.defaultPlanId === entry.id) blockers.push({ path: 'defaultPlanId', message: 'it is the default plan' });
      break;
    case 'agent':
      add('departments', d.departments.filter((x) => x.managerId === entry.id), 'department(s) have them as manager');
      add('topics', d.topics.filter((t) => t.autoAssignAgentId === entry.id), 'help topic(s) auto-assign to them');
      if (losesLastAdmin(entry, null, d)) blockers.push({ path: 'isAdmin', message: 'they are the last active administrator' });
      break;
    case 'schedule':
      add('departments', d.departments.filter((x) => x.scheduleId === entry.id), 'department(s) count in it');
      add('slaPlans', d.slaPlans.filter((p) => p.scheduleId === entry.id), 'SLA plan(s) count in it');
      if (d.sla.defaultScheduleId === entry.id) blockers.push({ path: 'defaultScheduleId', message: 'it is the default schedule' });
      break;
    case 'ban':
    case 'mailbox':
      break;
  }
  return blockers;
}

/** What to do instead of deleting, for the refusal's message. */
const INSTEAD: Readonly<Record<AdminKind, string>> = {
  department: 'move its agents, topics and tickets to another department first',
  agent: 'disable the agent instead (active: false)',
  role: 'give its agents another role first',
  slaPlan: 'disable the plan instead (active: false)',
  topic: 'hide it from customers instead (public: false)',
  schedule: 'give them another schedule first',
  ban: '',
  mailbox: '',
};

export function requireDeletable(entry: AdminEntry, d: Directory, ticketCount: number): void {
  const blockers = deletionBlockers(entry, d, ticketCount);
  if (blockers.length > 0) {
    const what = `${KIND_LABELS[entry.kind]} ${entry.name}`;
    // The default plan cannot be disabled either: another must become the default first.
    const instead = blockers.some((b) => b.path === 'defaultPlanId')
      ? 'choose another default plan first (PATCH /api/admin/settings/sla)'
      : blockers.some((b) => b.path === 'mailboxes')
        ? 'give those mailboxes another topic first'
        : INSTEAD[entry.kind];
    throw new DomainError(
      'conflict',
      `The ${what} is still in use (${blockers.map((b) => b.message).join('; ')}); ${instead}`,
      blockers,
    );
  }
}

// ------------------------------------------------------------------ mailboxes

/**
 * A mailbox's IMAP host must be a public one unless the deployment allows otherwise (the local
 * stack does: its IMAP server lives on loopback). Refused with 400, naming the setting.
 */
export function requirePublicMailHost(entry: EntryOf<'mailbox'>, allowPrivateHosts: boolean): void {
  if (allowPrivateHosts) return;
  const hosts = [
    ...(entry.fetch.method === 'imap' ? [{ path: 'fetch.host', host: entry.fetch.host }] : []),
    // The same for the SMTP server a mailbox sends through (issue 25).
    ...(entry.send?.method === 'smtp' ? [{ path: 'send.host', host: entry.send.host }] : []),
  ];
  for (const { path, host } of hosts) {
    const reason = privateHostReason(host);
    if (reason === null) continue;
    const message = `the host ${host} ${reason}; the help desk reaches mail servers only on public hosts (MAILBOX_ALLOW_PRIVATE_HOSTS=true allows others, for a local stack)`;
    throw invalid(`Invalid mailbox: ${path}: ${message}`, [{ path, message }]);
  }
}

/** A mailbox sends through Graph only when it is read through Graph: the help desk's identity has no other way into it. */
export function requireGraphForGraphSend(entry: EntryOf<'mailbox'>): void {
  if (entry.send?.method === 'graph' && entry.fetch.method !== 'graph') {
    const message = "send.method 'graph' needs fetch.method 'graph' (a Microsoft 365 mailbox the help desk reads through Graph); use 'smtp', 'acs' or 'helpdesk' for this one";
    throw invalid(`Invalid mailbox: send.method: ${message}`, [{ path: 'send.method', message }]);
  }
}
