// Admins issue and revoke API keys for integrations; the osTicket-compatible endpoint checks them.
// The key is shown once, at creation; only its SHA-256 is stored, as the entry's id, so a check
// is one point read and a leaked database holds nothing a client could send.
import { createHash, randomBytes } from 'node:crypto';
import { addressAllowed, auditedApiKey, clientAddress, publicApiKey, type ApiKey, type ApiKeyStore } from '../domain/api-keys';
import { DomainError, notFound } from '../domain/errors';
import { agentActor, recordChange } from './admin-directory';
import type { AppDeps } from './deps';
import { requireAdmin, type Actor } from './staff-tickets';

export type ApiKeyDeps = Pick<AppDeps, 'clock' | 'newId' | 'audit'> & { apiKeys: ApiKeyStore };

/** osTicket's own wording, which its clients may look for. */
export const API_KEY_REFUSED = 'API key not authorized';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** 32 random bytes as uppercase hex: osTicket's keys are uppercase hex too, so clients' checks on the format pass. */
export function newApiKey(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

export type ApiKeyView = ReturnType<typeof publicApiKey>;

export async function createApiKey(
  deps: ApiKeyDeps,
  actor: Actor,
  input: { name: string; allowedIps: string[] },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  requireAdmin(actor);
  const key = newApiKey();
  const entry: ApiKey = {
    keyHash: hashApiKey(key),
    id: deps.newId(),
    name: input.name,
    allowedIps: [...new Set(input.allowedIps.map((ip) => ip.toLowerCase()))],
    createdAt: deps.clock.now().toISOString(),
    createdBy: actor.agent.id,
  };
  await deps.apiKeys.create(entry);
  await recordChange(deps, agentActor(actor), 'create', null, auditedApiKey(entry));
  return { key, apiKey: publicApiKey(entry) };
}

export async function listApiKeys(deps: ApiKeyDeps, actor: Actor): Promise<ApiKeyView[]> {
  requireAdmin(actor);
  return (await deps.apiKeys.list()).map(publicApiKey).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function revokeApiKey(deps: ApiKeyDeps, actor: Actor, id: string): Promise<void> {
  requireAdmin(actor);
  const removed = await deps.apiKeys.remove(id);
  if (!removed) throw notFound(`There is no API key '${id}'`);
  await recordChange(deps, agentActor(actor), 'delete', auditedApiKey(removed), null);
}

/**
 * The key a request presents, if it is known and the client's address (first X-Forwarded-For
 * entry, never the body's `ip`, which the client writes) is allowed. Unknown, revoked and
 * wrong-address keys are refused alike, so a caller learns nothing about which keys exist.
 */
export async function authorizeApiKey(deps: ApiKeyDeps, key: string | null, forwardedFor: string | null): Promise<ApiKey> {
  const given = key?.trim();
  const found = given ? await deps.apiKeys.get(hashApiKey(given)) : null;
  if (!found || !addressAllowed(found, clientAddress(forwardedFor))) throw new DomainError('unauthenticated', API_KEY_REFUSED);
  return found;
}
