// The help desk's data model. Pure types and constants: no I/O, no SDKs.
import type { AttachmentRef } from './attachments';
import type { Holiday, OpenWindow } from './business-time';

export const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  emergency: 'Emergency',
};

/**
 * osTicket's default statuses plus `pending` (waiting on the customer, as in Zammad and Zendesk):
 * `open` and `pending` are the open state, `resolved` and `closed` the closed state. While a ticket
 * is pending its SLA clocks stop.
 */
export const STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** The open state: the ticket is still being worked (agents may assign, transfer, re-prioritise it). */
export function isOpenState(status: Status): boolean {
  return status === 'open' || status === 'pending';
}

export const QUEUES = ['open', 'mine', 'unassigned', 'overdue', 'answered', 'pending', 'closed'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Per-department permissions, with osTicket 1.18's names. */
export const DEPARTMENT_PERMISSIONS = [
  'ticket.create',
  'ticket.edit',
  'ticket.assign',
  'ticket.release',
  'ticket.transfer',
  'ticket.reply',
  'ticket.markanswered',
  'ticket.close',
  'ticket.delete',
  'thread.edit',
] as const;
export type DepartmentPermission = (typeof DEPARTMENT_PERMISSIONS)[number];

/** Agent-wide permissions. `admin` is the agent's admin flag, not stored in this list. */
export const AGENT_PERMISSIONS = ['search.all', 'stats.agents', 'visibility.agents', 'visibility.departments'] as const;
export type AgentPermission = (typeof AGENT_PERMISSIONS)[number];

export interface Department {
  kind: 'department';
  id: string;
  name: string;
  managerId: string | null;
  /** The plan its new tickets take when their topic names none; null: the system default (`SlaSettings.defaultPlanId`), as in osTicket. */
  slaPlanId: string | null;
  autoAssign: boolean;
  /** The business hours its tickets' targets count in; absent or null: the plan's, else the default. */
  scheduleId?: string | null;
}

export interface Role {
  kind: 'role';
  id: string;
  name: string;
  permissions: DepartmentPermission[];
}

export interface SlaPlan {
  kind: 'slaPlan';
  id: string;
  name: string;
  /** Hours from the SLA anchor (creation or reopening) until the ticket is due. */
  gracePeriodHours: number;
  /** Optional per-priority targets (hours) that replace the grace period for that priority. */
  priorityGraceHours?: Partial<Record<Priority, number>>;
  overdueAlerts: boolean;
  active: boolean;
  /** Business hours from the anchor until an agent's first response is due; absent or null (removed by PATCH): no such target. */
  firstResponseHours?: number | null;
  /** The business hours its targets count in, unless the department names its own. */
  scheduleId?: string | null;
  /**
   * How long (business minutes) before each due time the assignee, or the department's agents
   * while unassigned, get an "approaching SLA" alert; absent or null: no warning.
   */
  warnBeforeMinutes?: number | null;
  /**
   * What happens when a ticket breaches its resolution target (osTicket stores an "escalate" flag it
   * never reads): its priority is raised to `priority` (never lowered) and/or it is transferred to
   * `departmentId`, as one recorded event. Absent or null: nothing beyond the overdue mark.
   */
  escalation?: { priority?: Priority; departmentId?: string } | null;
}

/** Business hours, osTicket-style: open windows per weekday in an IANA zone, and holidays. */
export interface Schedule {
  kind: 'schedule';
  id: string;
  name: string;
  timezone: string;
  hours: OpenWindow[];
  holidays: Holiday[];
}

/**
 * SLA settings: the schedule used when neither the department nor the plan names one, and the
 * plan a new ticket takes when neither its topic nor its department names one (osTicket's
 * "Default SLA"). The default plan can be neither deleted nor disabled.
 */
export interface SlaSettings {
  kind: 'slaSettings';
  id: 'sla';
  name: 'SLA';
  defaultScheduleId: string;
  defaultPlanId: string;
}

/**
 * A background recompute of open tickets' SLA targets after a schedule, plan or department changed;
 * `afterId` is where the next page starts (tickets are walked by number). Admins read its progress.
 */
export interface SlaRecompute {
  kind: 'slaRecompute';
  id: string;
  /** What changed, e.g. `schedule tokyo-office`. */
  name: string;
  /** Only the open tickets with this department or plan; null: every open ticket (a schedule may govern any). */
  scope: { field: 'departmentId' | 'slaPlanId'; id: string } | null;
  status: 'queued' | 'running' | 'done';
  afterId: string | null;
  scanned: number;
  changed: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** The seeded always-open schedule; also what a directory without SLA settings falls back to. */
export const ALWAYS_OPEN_SCHEDULE_ID = '24-7';
/** The seeded plan named Default (the demo's, and the one a fresh environment's bootstrap creates). */
export const DEFAULT_SLA_PLAN_ID = 'default';
export const DEFAULT_SLA_SETTINGS: SlaSettings = { kind: 'slaSettings', id: 'sla', name: 'SLA', defaultScheduleId: ALWAYS_OPEN_SCHEDULE_ID, defaultPlanId: DEFAULT_SLA_PLAN_ID };

/** Stored SLA settings with what they lack filled in (a document written before `defaultPlanId` existed has none). */
export function slaSettingsOf(stored: SlaSettings | undefined): SlaSettings {
  return { ...DEFAULT_SLA_SETTINGS, ...stored };
}

export interface HelpTopic {
  kind: 'topic';
  id: string;
  name: string;
  public: boolean;
  departmentId: string;
  priority: Priority;
  slaPlanId: string | null;
  autoAssignAgentId: string | null;
}

export interface ExtendedAccess {
  departmentId: string;
  roleId: string;
}

export interface Agent {
  kind: 'agent';
  id: string;
  name: string;
  email: string;
  entraObjectId: string | null;
  departmentId: string;
  roleId: string;
  extendedAccess: ExtendedAccess[];
  permissions: AgentPermission[];
  isAdmin: boolean;
  active: boolean;
}

/** osTicket's alerts (to agents) and notices (to customers), each switchable. */
export const NOTIFICATION_KINDS = [
  'autoResponse',
  'newTicketAlert',
  'newMessageAlert',
  'assignmentAlert',
  'transferAlert',
  'replyNotice',
  'overdueAlert',
  'closedNotice',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationSettings {
  kind: 'settings';
  id: 'notifications';
  name: 'Notifications';
  enabled: Record<NotificationKind, boolean>;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  kind: 'settings',
  id: 'notifications',
  name: 'Notifications',
  enabled: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, true])) as Record<NotificationKind, boolean>,
};

/**
 * A sender the help desk takes no tickets from (osTicket's ban list): `name` is one address
 * (`spam@example.net`) or a whole domain (`example.net`, its subdomains too), lower case.
 */
export interface Ban {
  kind: 'ban';
  id: string;
  name: string;
  /** Why, for the other administrators. */
  note: string;
}

/**
 * How a mailbox is read: over IMAP with a password kept outside the directory (`secretRef` names
 * it: a Key Vault secret in Azure, a local setting locally), or through Microsoft Graph.
 */
export type MailboxFetch =
  | { method: 'imap'; host: string; port: number; tls: boolean; username: string; secretRef: string }
  | { method: 'graph' };

/**
 * How notices about a mailbox's tickets leave (issue 25), from the mailbox's own address so the
 * customer's reply comes back to it: `graph` through Microsoft Graph's sendMail (a Microsoft 365
 * mailbox); `smtp` through the mailbox's own SMTP server, its password named by `secretRef`;
 * `acs` through Communication Services with the mailbox's address as sender (its domain verified
 * there, the address added as a sender); `helpdesk` from the help desk's own sender (MAIL_FROM)
 * with Reply-To the mailbox. Absent on mailboxes from before issue 25: see `sendingOf`.
 */
export type MailboxSend =
  | { method: 'graph' }
  | { method: 'smtp'; host: string; port: number; tls: boolean; username: string; secretRef: string }
  | { method: 'acs' }
  | { method: 'helpdesk' };

/** A mailbox the help desk fetches itself (osTicket's "Emails"); mail arriving there opens tickets in `topicId`. */
export interface Mailbox {
  kind: 'mailbox';
  id: string;
  name: string;
  /** Lower case, unique among mailboxes. */
  address: string;
  topicId: string;
  active: boolean;
  fetch: MailboxFetch;
  /** Absent: a Graph mailbox sends through Graph, any other from the help desk's sender with Reply-To this address. */
  send?: MailboxSend;
}

/**
 * What the fetch timer last did with a mailbox (issue 24), kept beside it in the directory under
 * the mailbox's id and shown by the admin API; never a secret. Written by the fetch runs only.
 */
export interface MailboxStatus {
  kind: 'mailboxStatus';
  /** The mailbox's id. */
  id: string;
  name: string;
  lastFetchAt: string | null;
  /** The last run that reached the mailbox and read it. */
  lastSuccessAt: string | null;
  /** Messages taken in (moved to the processed folder), and moved to the failed folder, ever. */
  taken: number;
  failed: number;
  /** The last problem: a run that could not reach the mailbox, or a message that failed. Null once a run went through clean. */
  lastError: { at: string; message: string } | null;
  /** Messages that failed and will be tried again, by their key, with how often they failed. */
  retrying: { key: string; attempts: number; lastError: string }[];
  /** Messages another run had claimed, by key, since when this run first saw them claimed and still in the inbox. */
  claimedSince: { key: string; since: string }[];
  /** A Graph mailbox's change-notification subscription (issue 25), renewed by the subscriptions timer; absent before the first. */
  subscription?: { id: string; expiresAt: string } | null;
}

export type DirectoryEntry = Department | Role | SlaPlan | HelpTopic | Agent | NotificationSettings | Schedule | SlaSettings | SlaRecompute | Ban | Mailbox | MailboxStatus;
export type DirectoryKind = DirectoryEntry['kind'];

/** Everything the lifecycle rules need to know about the directory, read once per action. */
export interface Directory {
  departments: Department[];
  roles: Role[];
  slaPlans: SlaPlan[];
  topics: HelpTopic[];
  agents: Agent[];
  notifications: NotificationSettings;
  schedules: Schedule[];
  sla: SlaSettings;
  recomputes: SlaRecompute[];
  bans: Ban[];
  mailboxes: Mailbox[];
}

/** The directory from its entries, each kind sorted by name; default notification settings when none is stored. */
export function directoryOf(entries: readonly DirectoryEntry[]): Directory {
  const of = <K extends DirectoryKind>(kind: K) =>
    entries.filter((e): e is Extract<DirectoryEntry, { kind: K }> => e.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
  return {
    departments: of('department'),
    roles: of('role'),
    slaPlans: of('slaPlan'),
    topics: of('topic'),
    agents: of('agent'),
    notifications: of('settings')[0] ?? DEFAULT_NOTIFICATION_SETTINGS,
    schedules: of('schedule'),
    sla: slaSettingsOf(of('slaSettings')[0]),
    recomputes: of('slaRecompute'),
    bans: of('ban'),
    mailboxes: of('mailbox'),
  };
}

export interface Customer {
  name: string;
  email: string;
  phone: string | null;
}

export type Author =
  | { type: 'customer'; name: string; email: string }
  | { type: 'agent'; id: string; name: string }
  | { type: 'system'; name: string };

export type ThreadEntryType = 'message' | 'response' | 'note' | 'event';

export interface ThreadEntry {
  id: string;
  type: ThreadEntryType;
  author: Author;
  createdAt: string;
  /** The text as given, for messages, responses and notes; a readable description for events. */
  body: string;
  /** For events: what changed, machine-readable. */
  event?: { field: string; from: string | null; to: string | null };
  /** For messages that arrived by e-mail: its Message-ID, so a redelivered e-mail is not appended twice. */
  emailMessageId?: string;
  /** Files on messages, responses and notes: references only; the bytes are in blob storage. */
  attachments?: AttachmentRef[];
}

export const EVENT_TYPES = [
  'created',
  'message',
  'response',
  'note',
  'assigned',
  'released',
  'transferred',
  'priority.changed',
  'sla.changed',
  'due.changed',
  'status.changed',
  'reopened',
  'resolved',
  'closed',
  'overdue',
  'firstResponse.changed',
  'firstResponse.overdue',
  'sla.warning',
  'escalated',
] as const;
export type LifecycleEventType = (typeof EVENT_TYPES)[number];

/** A lifecycle event waiting in the ticket's outbox to be published (CloudEvents `data`). */
export interface LifecycleEvent {
  id: string;
  type: LifecycleEventType;
  ticketNumber: string;
  time: string;
  actor: Author;
  data: Record<string, string | number | boolean | null>;
}

export interface Ticket {
  id: string;
  number: string;
  subject: string;
  customer: Customer;
  accessTokenHash: string;
  source: 'web' | 'api' | 'email';
  topicId: string;
  departmentId: string;
  priority: Priority;
  slaPlanId: string;
  assigneeId: string | null;
  status: Status;
  /** An agent has responded since the customer last wrote. */
  answered: boolean;
  /** The due time passed while the ticket was open (set by the SLA timer, cleared by a new due time or closing). */
  overdue: boolean;
  dueAt: string | null;
  /** Where the due time came from: the SLA plan, or an agent who set it by hand. */
  dueAtSource: 'sla' | 'manual';
  /** The time the SLA clock started: creation, or the last reopening. */
  slaAnchorAt: string;
  /** When the first agent response is due (the plan's `firstResponseHours` in business time); absent on older tickets. */
  firstResponseDueAt?: string | null;
  /** When an agent first responded to the customer. */
  firstResponseAt?: string | null;
  /** The first-response target passed without a response (set once by its SLA timer). */
  firstResponseOverdue?: boolean;
  /** When the "approaching SLA" warning for the current resolution due time went out; cleared by a new due time. */
  slaWarningAt?: string | null;
  /** The same for the first-response target. */
  firstResponseWarningAt?: string | null;
  /** While the ticket is pending: when its SLA clocks stopped; null (or absent) otherwise. */
  pendingSince?: string | null;
  /**
   * The finished pending spells: the business time inside them does not count towards either
   * target, so a recomputed due time (a new priority or plan) still leaves them out.
   */
  slaPauses?: { from: string; to: string }[];
  createdAt: string;
  updatedAt: string;
  /** The last message, response or note: what "newest activity first" sorts by. */
  lastActivityAt: string;
  lastMessageAt: string | null;
  lastResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  reopenedAt: string | null;
  idempotencyKeyHash: string | null;
  /**
   * When the requester proved the address for this ticket (used an e-mailed link, or wrote
   * authentic mail from it); null until then. Absent on tickets from before issue 18, which count
   * as proved: their links carried the 201 token.
   */
  addressVerifiedAt?: string | null;
  /** The mailbox the ticket came in through (issue 25): its notices go out from that address. Absent otherwise. */
  mailboxId?: string;
  thread: ThreadEntry[];
  /**
   * Events of recent writes: the change feed carries them to Service Bus with the ticket
   * (transactional outbox); a later write prunes them after OUTBOX_RETENTION_MS (lifecycle.ts).
   */
  outbox: LifecycleEvent[];
}

/** A ticket as read from the store, with the version that guards the next write. */
export interface Versioned<T> {
  value: T;
  etag: string;
}
