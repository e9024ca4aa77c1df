// Who may see and do what: an agent's departments and their role in each, as osTicket has it.
import { forbidden } from './errors';
import type { Agent, Department, DepartmentPermission, Directory, Role } from './model';

export interface DepartmentAccess {
  departmentId: string;
  roleId: string;
  permissions: DepartmentPermission[];
}

/** The departments an agent may see (primary first, then extended access), each with its role's permissions. */
export function departmentAccess(agent: Agent, directory: Pick<Directory, 'roles'>): DepartmentAccess[] {
  const roleById = new Map<string, Role>(directory.roles.map((r) => [r.id, r]));
  const grants = [{ departmentId: agent.departmentId, roleId: agent.roleId }, ...agent.extendedAccess];
  const seen = new Set<string>();
  const result: DepartmentAccess[] = [];
  for (const grant of grants) {
    if (seen.has(grant.departmentId)) continue;
    seen.add(grant.departmentId);
    result.push({ ...grant, permissions: roleById.get(grant.roleId)?.permissions ?? [] });
  }
  return result;
}

export function visibleDepartmentIds(agent: Agent, directory: Pick<Directory, 'roles'>): string[] {
  return agent.active ? departmentAccess(agent, directory).map((a) => a.departmentId) : [];
}

export function canSee(agent: Agent, departmentId: string, directory: Pick<Directory, 'roles'>): boolean {
  return visibleDepartmentIds(agent, directory).includes(departmentId);
}

export function hasPermission(
  agent: Agent,
  departmentId: string,
  permission: DepartmentPermission,
  directory: Pick<Directory, 'roles'>,
): boolean {
  if (!agent.active) return false;
  const access = departmentAccess(agent, directory).find((a) => a.departmentId === departmentId);
  return access?.permissions.includes(permission) ?? false;
}

function departmentName(departmentId: string, departments: Department[]): string {
  return departments.find((d) => d.id === departmentId)?.name ?? departmentId;
}

/** Throws `forbidden` unless the agent can see the department. */
export function requireAccess(agent: Agent, departmentId: string, directory: Directory): void {
  if (!canSee(agent, departmentId, directory)) {
    throw forbidden(`${agent.name} has no access to the ${departmentName(departmentId, directory.departments)} department`);
  }
}

/** Throws `forbidden` unless the agent's role in the department grants the permission. */
export function requirePermission(
  agent: Agent,
  departmentId: string,
  permission: DepartmentPermission,
  directory: Directory,
): void {
  requireAccess(agent, departmentId, directory);
  if (!hasPermission(agent, departmentId, permission, directory)) {
    throw forbidden(
      `${agent.name}'s role in ${departmentName(departmentId, directory.departments)} lacks the ${permission} permission`,
    );
  }
}
