// Request schemas of the admin API. Each kind has its fields once; the create schema adds the
// defaults, the update schema makes every field optional WITHOUT defaults (a PATCH must never
// reset a field the admin did not send). Unknown fields are refused.
import { z } from 'zod';
import { AGENT_PERMISSIONS, DEPARTMENT_PERMISSIONS, NOTIFICATION_KINDS, PRIORITIES, type NotificationKind } from '../domain/model';
import { ADMIN_KINDS } from '../domain/directory-rules';
import { WEEKDAYS } from '../domain/business-time';
import { line } from './text';

const name = line(128, 'name');

/** Ids are readable slugs like the seeded ones (`support`, `sev-a`); absent on create, one is made from the name. */
export const EntityId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'an id is 1 to 64 lower-case letters, digits and dashes' });

const ref = z.string().trim().min(1).max(64);
const atLeastOne = { error: 'send at least one field to change' };
const nonEmpty = (v: object) => Object.keys(v).length > 0;
const distinct = <T>(items: T[]) => new Set(items).size === items.length;

// ------------------------------------------------------------------ departments

const departmentFields = {
  name,
  managerId: ref.nullable(),
  /** null (or absent on create): its tickets take their topic's plan, else the default plan of the SLA settings. */
  slaPlanId: ref.nullable(),
  autoAssign: z.boolean(),
  /** null: the plan's schedule, else the default. */
  scheduleId: ref.nullable(),
};
export const DepartmentCreateBody = z.strictObject({
  id: EntityId.optional(),
  ...departmentFields,
  managerId: departmentFields.managerId.default(null),
  slaPlanId: departmentFields.slaPlanId.default(null),
  autoAssign: departmentFields.autoAssign.default(false),
  scheduleId: departmentFields.scheduleId.optional(),
});
export const DepartmentPatchBody = z.strictObject(departmentFields).partial().refine(nonEmpty, atLeastOne);

// ------------------------------------------------------------------ roles

const roleFields = {
  name,
  permissions: z.array(z.enum(DEPARTMENT_PERMISSIONS)).refine(distinct, { error: 'each permission may appear once' }),
};
export const RoleCreateBody = z.strictObject({ id: EntityId.optional(), ...roleFields });
export const RolePatchBody = z.strictObject(roleFields).partial().refine(nonEmpty, atLeastOne);

// ------------------------------------------------------------------ SLA plans

const hours = z.number().positive({ error: 'hours must be more than 0' }).max(8760, { error: 'hours must be at most a year (8760)' });
const slaPlanFields = {
  name,
  gracePeriodHours: hours,
  priorityGraceHours: z.strictObject(Object.fromEntries(PRIORITIES.map((p) => [p, hours.optional()])) as Record<(typeof PRIORITIES)[number], z.ZodOptional<typeof hours>>),
  overdueAlerts: z.boolean(),
  active: z.boolean(),
  /** null: no first-response target (a PATCH removes it). */
  firstResponseHours: hours.nullable(),
  scheduleId: ref.nullable(),
  /** null: no warning before a breach (a PATCH removes it). Minutes may be fractional (seconds, for tests and demos). */
  warnBeforeMinutes: z.number().positive({ error: 'minutes must be more than 0' }).max(525_600, { error: 'minutes must be at most a year (525600)' }).nullable(),
  /** null: no escalation on breach (a PATCH removes it). */
  escalation: z
    .strictObject({ priority: z.enum(PRIORITIES).optional(), departmentId: ref.optional() })
    .refine((e) => e.priority !== undefined || e.departmentId !== undefined, { error: 'name a priority, a departmentId or both (null: no escalation)' })
    .nullable(),
};
export const SlaPlanCreateBody = z.strictObject({
  id: EntityId.optional(),
  ...slaPlanFields,
  priorityGraceHours: slaPlanFields.priorityGraceHours.optional(),
  firstResponseHours: slaPlanFields.firstResponseHours.optional(),
  scheduleId: slaPlanFields.scheduleId.optional(),
  warnBeforeMinutes: slaPlanFields.warnBeforeMinutes.optional(),
  escalation: slaPlanFields.escalation.optional(),
  overdueAlerts: slaPlanFields.overdueAlerts.default(true),
  active: slaPlanFields.active.default(true),
});
export const SlaPlanPatchBody = z.strictObject(slaPlanFields).partial().refine(nonEmpty, atLeastOne);

// ------------------------------------------------------------------ schedules

// The shape only; the time zone, the times and the dates are checked by the directory rules
// (calendarProblems), which name each problem.
const wallTime = z.string().regex(/^\d{2}:\d{2}$/, { error: 'a time is HH:MM, e.g. 08:00 or 24:00' });
const scheduleFields = {
  name,
  timezone: z.string().trim().min(1).max(64),
  hours: z.array(z.strictObject({ day: z.enum(WEEKDAYS), start: wallTime, end: wallTime })).min(1, { error: 'a schedule needs at least one open window' }).max(70),
  holidays: z.array(z.strictObject({ date: z.string().max(10), name: line(128, 'holiday name') })).max(400),
};
export const ScheduleCreateBody = z.strictObject({
  id: EntityId.optional(),
  ...scheduleFields,
  holidays: scheduleFields.holidays.default([]),
});
export const SchedulePatchBody = z.strictObject(scheduleFields).partial().refine(nonEmpty, atLeastOne);

// ------------------------------------------------------------------ help topics

const topicFields = {
  name,
  public: z.boolean(),
  departmentId: ref,
  priority: z.enum(PRIORITIES),
  slaPlanId: ref.nullable(),
  autoAssignAgentId: ref.nullable(),
};
export const TopicCreateBody = z.strictObject({
  id: EntityId.optional(),
  ...topicFields,
  public: topicFields.public.default(true),
  priority: topicFields.priority.default('normal'),
  slaPlanId: topicFields.slaPlanId.default(null),
  autoAssignAgentId: topicFields.autoAssignAgentId.default(null),
});
export const TopicPatchBody = z.strictObject(topicFields).partial().refine(nonEmpty, atLeastOne);

// ------------------------------------------------------------------ agents

const ExtendedAccessEntry = z.strictObject({ departmentId: ref, roleId: ref });
const agentFields = {
  name,
  email: z
    .email({ error: 'email must be a valid e-mail address' })
    .max(254)
    .transform((e) => e.toLowerCase()),
  entraObjectId: z.guid({ error: 'entraObjectId must be the Entra object id (a GUID)' }).transform((v) => v.toLowerCase()).nullable(),
  departmentId: ref,
  roleId: ref,
  extendedAccess: z.array(ExtendedAccessEntry).max(50),
  permissions: z.array(z.enum(AGENT_PERMISSIONS)).refine(distinct, { error: 'each permission may appear once' }),
  isAdmin: z.boolean(),
  active: z.boolean(),
};
export const AgentCreateBody = z.strictObject({
  id: EntityId.optional(),
  ...agentFields,
  entraObjectId: agentFields.entraObjectId.default(null),
  extendedAccess: agentFields.extendedAccess.default([]),
  permissions: agentFields.permissions.default([]),
  isAdmin: agentFields.isAdmin.default(false),
  active: agentFields.active.default(true),
});
export const AgentPatchBody = z.strictObject(agentFields).partial().refine(nonEmpty, atLeastOne);
export type AgentPatchBody = z.infer<typeof AgentPatchBody>;

// ------------------------------------------------------------------ bans

/** A domain name: dot-separated labels of letters, digits and inner dashes (each label ends at a dot, so matching stays linear). */
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** One address or a whole domain, lower case; the entry's `name` (unique, like every kind's). */
const bannedSender = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: 'an address or domain is at most 254 characters' })
  .refine((v) => (v.includes('@') ? z.email().safeParse(v).success : DOMAIN.test(v)), {
    error: 'name must be an e-mail address (spam@example.net) or a domain (example.net)',
  });
const banFields = { note: line(500, 'note') };
export const BanCreateBody = z.strictObject({ id: EntityId.optional(), name: bannedSender, note: banFields.note.default('') });
/** Only the note changes: another address is another ban. */
export const BanPatchBody = z.strictObject(banFields).partial().refine(nonEmpty, atLeastOne);

// ------------------------------------------------------------------ mailboxes

/**
 * A password never travels through the API nor rests in the directory: an object that carries one
 * is refused with what to do instead (strictObject refuses unknown keys; this names the fix).
 */
const PASSWORD_KEY = /^pass(word)?$/i;
const noPassword = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' && issue.keys?.some((k) => PASSWORD_KEY.test(k))
      ? 'never send a password: put it in the help desk\'s Key Vault (locally a local setting) and name that secret in fetch.secretRef'
      : undefined,
};

/**
 * A Key Vault secret name: 1 to 127 alphanumerics and dashes ("Naming rules and restrictions for
 * Azure resources", Microsoft.KeyVault vaults/secrets, as quoted in cal-itp/benefits PR 1874; az
 * keyvault secret set checks '^[0-9a-zA-Z-]+$', microsoft/webtemplatestudio issue 1839). Locally
 * the same name is a local setting's.
 */
export const SecretRef = z
  .string()
  .regex(/^[0-9A-Za-z-]{1,127}$/, { error: 'secretRef names a Key Vault secret: 1 to 127 letters, digits and dashes (e.g. mailbox-support-imap)' });

/** A host name (labels of letters, digits and inner dashes) or an IP literal; whether it is public (numeric forms included) is the directory rules' call. */
const mailHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .refine((h) => /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(h) || /^\[?[0-9a-f:.]+\]?$/.test(h), {
    error: 'host must be a host name (imap.example.com) or an IP address',
  });

const ImapFetch = z.strictObject(
  {
    method: z.literal('imap'),
    host: mailHost,
    port: z.number().int().min(1).max(65535),
    /** true: TLS from the first byte (IMAPS, usually port 993). */
    tls: z.boolean(),
    username: line(254, 'username'),
    secretRef: SecretRef,
  },
  noPassword,
);
const GraphFetch = z.strictObject({ method: z.literal('graph') }, noPassword);
export const MailboxFetch = z.discriminatedUnion('method', [ImapFetch, GraphFetch], { error: "fetch.method must be 'imap' or 'graph'" });

/** How the mailbox's tickets' notices leave, from its address (issue 25); model.ts `MailboxSend` says what each means. */
export const MailboxSend = z.discriminatedUnion(
  'method',
  [
    z.strictObject({ method: z.literal('graph') }, noPassword),
    z.strictObject({ ...ImapFetch.shape, method: z.literal('smtp') }, noPassword),
    z.strictObject({ method: z.literal('acs') }, noPassword),
    z.strictObject({ method: z.literal('helpdesk') }, noPassword),
  ],
  { error: "send.method must be 'graph', 'smtp', 'acs' or 'helpdesk'" },
);

const mailboxFields = {
  name,
  address: z
    .email({ error: 'address must be a valid e-mail address' })
    .max(254)
    .transform((e) => e.toLowerCase()),
  topicId: ref,
  active: z.boolean(),
  /** Replaced as a whole on update. */
  fetch: MailboxFetch,
  /** Absent: a Graph mailbox sends through Graph, any other from the help desk's sender with Reply-To its address. */
  send: MailboxSend.optional(),
};
export const MailboxCreateBody = z.strictObject({ id: EntityId.optional(), ...mailboxFields, active: mailboxFields.active.default(true) }, noPassword);
export const MailboxPatchBody = z.strictObject(mailboxFields, noPassword).partial().refine(nonEmpty, atLeastOne);

// ------------------------------------------------------------------ audit trail

export const AuditParams = z.strictObject({
  kind: z.enum([...ADMIN_KINDS, 'settings', 'apiKey']).optional(),
  id: ref.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(8192).optional(),
});

// ------------------------------------------------------------------ SLA settings

/**
 * `defaultScheduleId`: the schedule that counts where neither the department nor the plan names
 * one. `defaultPlanId`: the plan new tickets take where neither the topic nor the department names one.
 */
export const SlaSettingsPatch = z
  .strictObject({ defaultScheduleId: ref, defaultPlanId: ref })
  .partial()
  .refine(nonEmpty, { error: 'send defaultScheduleId, defaultPlanId or both' });

// ------------------------------------------------------------------ notification settings

export const NotificationSettingsPatch = z.strictObject({
  enabled: z
    .strictObject(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.boolean().optional()])) as Record<NotificationKind, z.ZodOptional<z.ZodBoolean>>)
    .refine(nonEmpty, { error: `name at least one of ${NOTIFICATION_KINDS.join(', ')}` }),
});
