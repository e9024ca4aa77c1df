// The signed-in agent every staff and admin use case acts as, and what the audit trail records of
// them. Its own module, so the use cases and sign-in (which records an Entra link) share it without
// importing one another.
import { auditEntry, type AuditActor, type AuditSubject } from '../domain/audit';
import { forbidden } from '../domain/errors';
import type { Agent, Directory } from '../domain/model';
import type { AppDeps } from './deps';

/** An authenticated agent and the directory they were checked against (sign-in.ts authenticateAgent). */
export interface Actor {
  agent: Agent;
  directory: Directory;
}

export function requireAdmin({ agent }: Actor): void {
  if (!agent.isAdmin) throw forbidden(`${agent.name} is not an administrator`);
}

export function agentActor({ agent }: Actor): AuditActor {
  return { type: 'agent', id: agent.id, name: agent.name };
}

/**
 * Records one change. The entry is written first and the audit entry right after: Cosmos DB
 * cannot write two containers atomically, and an audit entry for a change that was refused
 * would be worse than the rare change whose audit write failed (that failure still answers 503).
 */
export async function recordChange(
  deps: Pick<AppDeps, 'audit' | 'clock' | 'newId'>,
  actor: AuditActor,
  action: 'create' | 'update' | 'delete' | 'link',
  before: AuditSubject | null,
  after: AuditSubject | null,
): Promise<void> {
  await deps.audit.append(auditEntry({ id: deps.newId(), at: deps.clock.now().toISOString(), actor, action, before, after }));
}
