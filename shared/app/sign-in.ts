// Bearer token -> principal -> agent. An Entra identity is found by its object id; on an agent's
// first sign-in, by e-mail, and the object id is then remembered (and audited), so a later change
// of the user's e-mail or sign-in name in Entra does not lock them out or let another user in.
import type { Principal } from '../domain/ports';
import { DomainError, forbidden } from '../domain/errors';
import type { Agent, Directory } from '../domain/model';
import { recordChange, type Actor } from './actor';
import type { AppDeps } from './deps';

/** Only what signing in needs, so callers (and tests) need not build the whole application. */
export type SignInDeps = Pick<AppDeps, 'staffTokens' | 'directory' | 'audit' | 'clock' | 'newId'>;

function findAgent(principal: Principal, directory: Directory): Agent | undefined {
  const email = principal.email?.toLowerCase();
  const byEmail = email ? directory.agents.find((a) => a.email.toLowerCase() === email) : undefined;
  if (!principal.objectId) return byEmail; // development tokens name an e-mail only
  const byObjectId = directory.agents.find((a) => a.entraObjectId === principal.objectId);
  if (byObjectId) return byObjectId;
  if (byEmail && byEmail.entraObjectId !== null) {
    // The address belongs to an agent already linked to another Entra user: never hand it over.
    throw forbidden(`The agent account ${byEmail.email} is linked to another Entra ID user; ask an administrator to check it`);
  }
  return byEmail;
}

/** Remembers the Entra object id on the agent, unless a concurrent first sign-in already did. */
async function link(deps: SignInDeps, agent: Agent, objectId: string): Promise<Agent> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const current = await deps.directory.get('agent', agent.id);
    if (!current) return agent;
    if (current.value.entraObjectId === objectId) return current.value;
    if (current.value.entraObjectId !== null) throw forbidden(`The agent account ${agent.email} is linked to another Entra ID user`);
    const linked: Agent = { ...current.value, entraObjectId: objectId };
    try {
      await deps.directory.replace(linked, current.etag);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'precondition_failed') continue;
      throw err;
    }
    await recordChange(deps, { type: 'system', id: null, name: 'Entra ID sign-in' }, 'link', current.value, linked);
    return linked;
  }
  throw new DomainError('unavailable', 'Your agent account is being changed right now; try again');
}

/**
 * The agent a token names. `write`: the request changes something, so the agent's own record is
 * read from the store (one point read): the cached directory may be 10 s old on this instance,
 * and an agent disabled or demoted on another instance must not act meanwhile.
 */
export async function authenticateAgent(deps: SignInDeps, token: string, opts: { write?: boolean } = {}): Promise<Actor> {
  const verified = await deps.staffTokens.verify(token);
  // Object ids are GUIDs; agents store them lower-case (the admin schema normalises them too).
  const principal: Principal = { ...verified, objectId: verified.objectId?.toLowerCase() ?? null };
  let directory = await deps.directory.load();
  let agent = findAgent(principal, directory);
  if (!agent && principal.application) {
    throw forbidden(`No agent is mapped to the application (service principal ${principal.objectId}); an administrator sets an agent's entraObjectId to it`);
  }
  if (!agent) throw forbidden(`No agent account for ${principal.email ?? principal.objectId ?? 'this identity'}; ask an administrator to add you`);
  if (!agent.active) throw forbidden(`The agent account ${agent.email} is disabled`);
  if (principal.objectId && agent.entraObjectId === null) {
    agent = await link(deps, agent, principal.objectId);
    directory = await deps.directory.load();
  }
  if (opts.write) {
    const own = (await deps.directory.get('agent', agent.id))?.value;
    if (!own || !own.active) throw forbidden(`The agent account ${agent.email} is disabled`);
    agent = own;
    directory = { ...directory, agents: directory.agents.map((a) => (a.id === own.id ? own : a)) };
  }
  return { agent, directory };
}
