// The directory a local stack starts with (and an Azure environment with --demo): the names and
// addresses that the README, the tests and the examples rely on.
import { DEFAULT_SLA_SETTINGS, DEPARTMENT_PERMISSIONS, type DirectoryEntry } from '../domain/model';
import { ALWAYS_OPEN } from '../domain/sla';

const all = [...DEPARTMENT_PERMISSIONS];
const WORKWEEK = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

export const DEMO_DIRECTORY: DirectoryEntry[] = [
  // Business hours. "24/7" is the default, so due times count around the clock until an admin
  // chooses a schedule for a department, a plan, or as the default.
  { kind: 'schedule', id: ALWAYS_OPEN.id, name: ALWAYS_OPEN.name, timezone: ALWAYS_OPEN.timezone, hours: ALWAYS_OPEN.hours, holidays: [] },
  {
    kind: 'schedule', id: 'monday-friday-8am-5pm', name: 'Monday – Friday 8am – 5pm', timezone: 'UTC',
    hours: WORKWEEK.map((day) => ({ day, start: '08:00', end: '17:00' })), holidays: [],
  },
  DEFAULT_SLA_SETTINGS,

  { kind: 'slaPlan', id: 'default', name: 'Default', gracePeriodHours: 18, priorityGraceHours: { high: 8, emergency: 4 }, overdueAlerts: true, active: true },
  { kind: 'slaPlan', id: 'sev-a', name: 'SEV-A', gracePeriodHours: 1, overdueAlerts: true, active: true },
  { kind: 'slaPlan', id: 'sev-b', name: 'SEV-B', gracePeriodHours: 4, overdueAlerts: true, active: true },
  { kind: 'slaPlan', id: 'sev-c', name: 'SEV-C', gracePeriodHours: 8, overdueAlerts: true, active: true },

  // osTicket's default roles, from view-only to full access.
  { kind: 'role', id: 'view-only', name: 'View only', permissions: [] },
  { kind: 'role', id: 'limited', name: 'Limited access', permissions: ['ticket.create', 'ticket.assign', 'ticket.transfer', 'ticket.reply'] },
  {
    kind: 'role',
    id: 'expanded',
    name: 'Expanded access',
    permissions: ['ticket.create', 'ticket.edit', 'ticket.assign', 'ticket.release', 'ticket.transfer', 'ticket.reply', 'ticket.markanswered', 'ticket.close', 'thread.edit'],
  },
  { kind: 'role', id: 'all-access', name: 'All access', permissions: all },

  { kind: 'department', id: 'support', name: 'Support', managerId: 'john', slaPlanId: 'default', autoAssign: false },
  { kind: 'department', id: 'sysadmin', name: 'System Administrators', managerId: 'admin', slaPlanId: 'default', autoAssign: false },

  { kind: 'topic', id: 'password-reset', name: 'Password Reset', public: true, departmentId: 'support', priority: 'normal', slaPlanId: null, autoAssignAgentId: null },
  { kind: 'topic', id: 'business-critical-outage', name: 'Business Critical Outage', public: true, departmentId: 'sysadmin', priority: 'emergency', slaPlanId: 'sev-a', autoAssignAgentId: null },
  { kind: 'topic', id: 'pc-issues', name: 'Personal Computer Issues', public: true, departmentId: 'support', priority: 'normal', slaPlanId: null, autoAssignAgentId: null },
  { kind: 'topic', id: 'equipment-request', name: 'Equipment Request', public: true, departmentId: 'support', priority: 'low', slaPlanId: 'sev-c', autoAssignAgentId: null },
  { kind: 'topic', id: 'other', name: 'Other', public: true, departmentId: 'support', priority: 'normal', slaPlanId: null, autoAssignAgentId: null },
  { kind: 'topic', id: 'staff-escalation', name: 'Staff Escalation', public: false, departmentId: 'sysadmin', priority: 'high', slaPlanId: 'sev-b', autoAssignAgentId: null },

  {
    kind: 'agent', id: 'admin', name: 'Admin', email: 'admin@example.com', entraObjectId: null,
    departmentId: 'support', roleId: 'all-access', extendedAccess: [{ departmentId: 'sysadmin', roleId: 'all-access' }],
    permissions: ['search.all', 'stats.agents', 'visibility.agents', 'visibility.departments'], isAdmin: true, active: true,
  },
  {
    kind: 'agent', id: 'jane', name: 'Jane Doe', email: 'jane@example.com', entraObjectId: null,
    departmentId: 'sysadmin', roleId: 'limited', extendedAccess: [], permissions: [], isAdmin: false, active: true,
  },
  {
    kind: 'agent', id: 'john', name: 'John Smith', email: 'john@example.com', entraObjectId: null,
    departmentId: 'support', roleId: 'expanded', extendedAccess: [], permissions: [], isAdmin: false, active: true,
  },
];
