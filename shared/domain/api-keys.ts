// API keys for integrations (the osTicket-compatible endpoint): what is stored — never the key,
// only its SHA-256 — the address check and the scopes. The store keys each entry by that hash, so
// checking a key is one point read.

/** What a key may do: open tickets with osTicket's JSON API, or pipe raw mail in. */
export const API_KEY_SCOPES = ['tickets:create', 'mail:pipe'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Keys stored before scopes existed could do both: they keep both (issue 18). */
export const LEGACY_API_KEY_SCOPES: readonly ApiKeyScope[] = API_KEY_SCOPES;

export interface ApiKey {
  /** The SHA-256 of the key (hex): the stored entry's id, never shown. */
  keyHash: string;
  /** The public id admins list and revoke by. */
  id: string;
  name: string;
  /** Client addresses allowed to use the key; empty: any. Exact addresses, no ranges. */
  allowedIps: string[];
  /** What the key may do; at least one. */
  scopes: ApiKeyScope[];
  createdAt: string;
  createdBy: string;
}

/** An API key as the audit trail records it: what admins see, never the hash. */
export type AuditedApiKey = { kind: 'apiKey' } & Omit<ApiKey, 'keyHash'>;

export function auditedApiKey({ keyHash: _hash, ...rest }: ApiKey): AuditedApiKey {
  return { kind: 'apiKey', ...rest };
}

/**
 * What admins see of a key: never the key or its hash. `anyAddress` says outright what an empty
 * allow-list means, so nobody reads `allowedIps: []` as "nowhere".
 */
export function publicApiKey({ keyHash: _hash, ...rest }: ApiKey): Omit<ApiKey, 'keyHash'> & { anyAddress: boolean } {
  return { ...rest, anyAddress: rest.allowedIps.length === 0 };
}

/** Whether the key may do `scope`. */
export function hasScope(key: ApiKey, scope: ApiKeyScope): boolean {
  return key.scopes.includes(scope);
}

/** A key without allowed addresses works from anywhere; otherwise the client must be listed. */
export function addressAllowed(key: ApiKey, address: string | null): boolean {
  if (key.allowedIps.length === 0) return true;
  return address !== null && key.allowedIps.some((ip) => ip.toLowerCase() === address);
}
