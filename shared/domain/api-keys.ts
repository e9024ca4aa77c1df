// API keys for integrations (the osTicket-compatible endpoint): what is stored — never the key,
// only its SHA-256 — and the address check. The store keys each entry by that hash, so checking a
// key is one point read.

export interface ApiKey {
  /** The SHA-256 of the key (hex): the stored entry's id, never shown. */
  keyHash: string;
  /** The public id admins list and revoke by. */
  id: string;
  name: string;
  /** Client addresses allowed to use the key; empty: any. Exact addresses, no ranges. */
  allowedIps: string[];
  createdAt: string;
  createdBy: string;
}

export interface ApiKeyStore {
  get(keyHash: string): Promise<ApiKey | null>;
  create(key: ApiKey): Promise<void>;
  list(): Promise<ApiKey[]>;
  /** Removes the key with this public id and returns it; null when there is none. */
  remove(id: string): Promise<ApiKey | null>;
}

/** An API key as the audit trail records it: what admins see, never the hash. */
export type AuditedApiKey = { kind: 'apiKey' } & Omit<ApiKey, 'keyHash'>;

export function auditedApiKey(key: ApiKey): AuditedApiKey {
  return { kind: 'apiKey', ...publicApiKey(key) };
}

/** What admins see of a key: never the key or its hash. */
export function publicApiKey({ keyHash: _hash, ...rest }: ApiKey): Omit<ApiKey, 'keyHash'> {
  return rest;
}

/**
 * The client's address: the first entry of X-Forwarded-For (the Functions front end adds it),
 * without an IPv4 port, which Azure's front end appends. Null when there is none.
 */
export function clientAddress(forwardedFor: string | null): string | null {
  const first = forwardedFor?.split(',')[0]?.trim();
  if (!first) return null;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(first);
  if (v4WithPort) return v4WithPort[1]!;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(first);
  return (bracketed ? bracketed[1]! : first).toLowerCase();
}

/** A key without allowed addresses works from anywhere; otherwise the client must be listed. */
export function addressAllowed(key: ApiKey, address: string | null): boolean {
  if (key.allowedIps.length === 0) return true;
  return address !== null && key.allowedIps.some((ip) => ip.toLowerCase() === address);
}
