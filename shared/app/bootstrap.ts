// The first administrator of a fresh environment: the deploying operator, or a given e-mail.
// Idempotent: when any active administrator exists nothing changes, so every deploy may run it.
// A fresh environment without the demo data has no department or role yet; the minimum an agent
// needs (a Default SLA plan, a Support department, an All access role) is created when missing.
import { DEPARTMENT_PERMISSIONS, type Agent, type Department, type Directory, type Role, type SlaPlan } from '../domain/model';
import { slugId } from '../domain/directory-rules';
import type { AuditActor } from '../domain/audit';
import { DomainError } from '../domain/errors';
import { recordChange } from './actor';
import type { AppDeps } from './deps';

export interface FirstAdmin {
  email: string;
  /** The operator's Entra object id, when known (`az ad signed-in-user show --query id`). */
  entraObjectId?: string | undefined;
  name?: string | undefined;
}

export interface BootstrapResult {
  /** `existing`: an active administrator was already there; `promoted`: an agent with the e-mail became one; `created`: a new agent. */
  outcome: 'existing' | 'promoted' | 'created';
  agentId: string;
}

type BootstrapDeps = Pick<AppDeps, 'directory' | 'audit' | 'clock' | 'newId'>;

const BOOTSTRAP: AuditActor = { type: 'system', id: null, name: 'Bootstrap' };

/** Creates what is missing and returns it, or the existing one: never overwrites. */
async function ensure<T extends SlaPlan | Department | Role>(deps: BootstrapDeps, existing: T | undefined, fresh: T): Promise<T> {
  if (existing) return existing;
  if (await deps.directory.createIfAbsent(fresh)) await recordChange(deps, BOOTSTRAP, 'create', null, fresh);
  return fresh;
}

async function foundations(deps: BootstrapDeps, d: Directory): Promise<{ department: Department; role: Role }> {
  const plan = await ensure<SlaPlan>(deps, d.slaPlans.find((p) => p.active), {
    kind: 'slaPlan', id: 'default', name: 'Default', gracePeriodHours: 18, overdueAlerts: true, active: true,
  });
  const department = await ensure<Department>(deps, d.departments[0], {
    kind: 'department', id: 'support', name: 'Support', managerId: null, slaPlanId: plan.id, autoAssign: false,
  });
  const fullest = [...d.roles].sort((a, b) => b.permissions.length - a.permissions.length)[0];
  const role = await ensure<Role>(deps, fullest, { kind: 'role', id: 'all-access', name: 'All access', permissions: [...DEPARTMENT_PERMISSIONS] });
  return { department, role };
}

export async function ensureFirstAdmin(deps: BootstrapDeps, who: FirstAdmin): Promise<BootstrapResult> {
  const email = who.email.trim().toLowerCase();
  const objectId = who.entraObjectId?.trim().toLowerCase() || null;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const d = await deps.directory.load();
    const admin = d.agents.find((a) => a.isAdmin && a.active);
    if (admin) return { outcome: 'existing', agentId: admin.id };

    const known = d.agents.find((a) => a.email.toLowerCase() === email || (objectId !== null && a.entraObjectId === objectId));
    if (known) {
      const current = await deps.directory.get('agent', known.id);
      if (!current) continue;
      const promoted: Agent = { ...current.value, isAdmin: true, active: true, entraObjectId: current.value.entraObjectId ?? objectId };
      try {
        await deps.directory.replace(promoted, current.etag);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'precondition_failed') continue; // changed meanwhile: look again
        throw err;
      }
      await recordChange(deps, BOOTSTRAP, 'update', current.value, promoted);
      return { outcome: 'promoted', agentId: promoted.id };
    }

    const { department, role } = await foundations(deps, d);
    const agent: Agent = {
      kind: 'agent',
      id: slugId(email.split('@')[0]!, new Set(d.agents.map((a) => a.id)), 'admin'),
      name: who.name?.trim() || email,
      email,
      entraObjectId: objectId,
      departmentId: department.id,
      roleId: role.id,
      // The first administrator sees every department there is, with the same full role.
      extendedAccess: d.departments.filter((x) => x.id !== department.id).map((x) => ({ departmentId: x.id, roleId: role.id })),
      permissions: ['search.all', 'stats.agents', 'visibility.agents', 'visibility.departments'],
      isAdmin: true,
      active: true,
    };
    if (await deps.directory.createIfAbsent(agent)) {
      await recordChange(deps, BOOTSTRAP, 'create', null, agent);
      return { outcome: 'created', agentId: agent.id };
    }
    // Another bootstrap took the id at the same moment: the next look finds its admin.
  }
  throw new Error('Could not settle the first administrator after 5 attempts; run the bootstrap again');
}
