// Administering agents: the generic directory use cases, typed for agents. The rules that are
// agents' own (unique e-mail and Entra object id, valid extended access, never without an active
// administrator) live in the domain's directory rules.
import type { Agent } from '../domain/model';
import { createEntry, deleteEntry, getEntry, listEntries, updateEntry, type AdminCreateDeps, type AdminDeleteDeps, type AdminUpdateDeps, type EntryChanges, type NewEntry } from './admin-directory';
import type { AppDeps } from './deps';
import type { Actor } from './actor';

export type AgentChanges = EntryChanges<'agent'>;

export function listAgents(deps: Pick<AppDeps, 'directory'>, actor: Actor): Promise<Agent[]> {
  return listEntries(deps, actor, 'agent');
}

export function getAgent(deps: Pick<AppDeps, 'directory'>, actor: Actor, id: string): Promise<Agent> {
  return getEntry(deps, actor, 'agent', id);
}

export function createAgent(deps: AdminCreateDeps, actor: Actor, agent: NewEntry<'agent'>): Promise<Agent> {
  return createEntry(deps, actor, 'agent', agent);
}

export function updateAgent(deps: AdminUpdateDeps, actor: Actor, id: string, changes: AgentChanges): Promise<Agent> {
  return updateEntry(deps, actor, 'agent', id, changes);
}

/** Removes an agent nobody refers to any more; otherwise the refusal says to disable them instead. */
export function deleteAgent(deps: AdminDeleteDeps, actor: Actor, id: string): Promise<void> {
  return deleteEntry(deps, actor, 'agent', id);
}
