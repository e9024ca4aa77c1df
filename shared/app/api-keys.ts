// Admins issue and revoke API keys for integrations; the osTicket-compatible endpoint checks them.
// The key is shown once, at creation; only its SHA-256 is stored, as the entry's id, so a check
// is one point read and a leaked database holds nothing a client could send.
import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_SCOPES, addressAllowed, auditedApiKey, hasScope, publicApiKey, type ApiKey, type ApiKeyScope } from '../domain/api-keys';
import type { ApiKeyStore } from '../domain/ports';
import { DomainError, forbidden, notFound } from '../domain/errors';
import type { AppDeps } from './deps';
import { agentActor, recordChange, requireAdmin, type Actor } from './actor';

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

/** What the admin is told when creating a key that is broader than it need be. */
export const API_KEY_WARNINGS = {
  anyAddress: 'This key has no allowed addresses: it works from any address. Give allowedIps to limit it to the addresses your integration calls from.',
  allScopes: 'No scopes were given: this key may both open tickets (tickets:create) and pipe mail (mail:pipe). Give scopes to limit it to what your integration does.',
} as const;

export async function createApiKey(
  deps: ApiKeyDeps,
  actor: Actor,
  input: { name: string; allowedIps: string[]; scopes?: ApiKeyScope[] | undefined },
): Promise<{ key: string; apiKey: ApiKeyView; warnings: string[] }> {
  requireAdmin(actor);
  const key = newApiKey();
  const entry: ApiKey = {
    keyHash: hashApiKey(key),
    id: deps.newId(),
    name: input.name,
    allowedIps: [...new Set(input.allowedIps.map((ip) => ip.toLowerCase()))],
    // Without scopes a new key gets both, as every key had before scopes existed (see README).
    scopes: API_KEY_SCOPES.filter((s) => (input.scopes ?? API_KEY_SCOPES).includes(s)),
    createdAt: deps.clock.now().toISOString(),
    createdBy: actor.agent.id,
  };
  await deps.apiKeys.create(entry);
  await recordChange(deps, agentActor(actor), 'create', null, auditedApiKey(entry));
  const warnings = [...(entry.allowedIps.length === 0 ? [API_KEY_WARNINGS.anyAddress] : []), ...(input.scopes === undefined ? [API_KEY_WARNINGS.allScopes] : [])];
  return { key, apiKey: publicApiKey(entry), warnings };
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
 * The key a request presents, if it is known, the client's address is allowed and the key has
 * the scope the route needs. The address is the one the platform saw (http/request-context.ts
 * clientAddress), never X-Forwarded-For or the body's `ip`, which the client writes. Unknown,
 * revoked and wrong-address keys are refused alike (401), so a caller learns nothing about which
 * keys exist; a key that is valid here but lacks the scope is 403 naming the scope.
 */
export async function authorizeApiKey(deps: ApiKeyDeps, key: string | null, clientAddress: string | null, scope: ApiKeyScope): Promise<ApiKey> {
  const given = key?.trim();
  const found = given ? await deps.apiKeys.get(hashApiKey(given)) : null;
  if (!found || !addressAllowed(found, clientAddress)) throw new DomainError('unauthenticated', API_KEY_REFUSED);
  if (!hasScope(found, scope)) throw forbidden(`API key not authorized for ${scope}: this key's scopes are ${found.scopes.join(', ')}`);
  return found;
}
