// Administering agents: enough for an admin to give an agent extended access and another role.
// (The full admin API, with audit trail, builds on this.)
import { DomainError, invalid, notFound } from '../domain/errors';
import type { Agent, Directory } from '../domain/model';
import type { AppDeps } from './deps';
import { requireAdmin, type Actor } from './staff-tickets';

export interface AgentChanges {
  name?: string;
  departmentId?: string;
  roleId?: string;
  extendedAccess?: { departmentId: string; roleId: string }[];
  isAdmin?: boolean;
  active?: boolean;
}

function checkReferences(changes: AgentChanges, d: Directory): void {
  const details: { path: string; message: string }[] = [];
  const dept = (id: string, path: string) => {
    if (!d.departments.some((x) => x.id === id)) details.push({ path, message: `no department '${id}'` });
  };
  const role = (id: string, path: string) => {
    if (!d.roles.some((x) => x.id === id)) details.push({ path, message: `no role '${id}'` });
  };
  if (changes.departmentId !== undefined) dept(changes.departmentId, 'departmentId');
  if (changes.roleId !== undefined) role(changes.roleId, 'roleId');
  changes.extendedAccess?.forEach((g, i) => {
    dept(g.departmentId, `extendedAccess.${i}.departmentId`);
    role(g.roleId, `extendedAccess.${i}.roleId`);
  });
  const ids = changes.extendedAccess?.map((g) => g.departmentId) ?? [];
  if (new Set(ids).size !== ids.length) details.push({ path: 'extendedAccess', message: 'each department may appear once' });
  if (details.length > 0) throw invalid(`Invalid agent change: ${details.map((x) => `${x.path}: ${x.message}`).join('; ')}`, details);
}

export async function listAgents(deps: AppDeps, actor: Actor): Promise<Agent[]> {
  requireAdmin(actor);
  return (await deps.directory.load()).agents;
}

export async function getAgent(deps: AppDeps, actor: Actor, id: string): Promise<Agent> {
  requireAdmin(actor);
  const found = await deps.directory.get('agent', id);
  if (!found) throw notFound(`There is no agent '${id}'`);
  return found.value;
}

export async function updateAgent(deps: AppDeps, actor: Actor, id: string, changes: AgentChanges): Promise<Agent> {
  requireAdmin(actor);
  const found = await deps.directory.get('agent', id);
  if (!found) throw notFound(`There is no agent '${id}'`);
  const directory = await deps.directory.load();
  checkReferences(changes, directory);
  const next: Agent = { ...found.value, ...changes };
  const losesAdmin = found.value.isAdmin && found.value.active && !(next.isAdmin && next.active);
  if (losesAdmin && directory.agents.filter((a) => a.isAdmin && a.active && a.id !== id).length === 0) {
    throw new DomainError('conflict', `${found.value.name} is the last active administrator; make another agent an administrator first`);
  }
  await deps.directory.replace(next, found.etag);
  return next;
}
