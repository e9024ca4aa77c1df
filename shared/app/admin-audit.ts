// Reading the audit trail: newest first, optionally for one kind or one entry, paged with an
// opaque cursor (the store's continuation token, wrapped so a client never depends on its shape).
import type { AuditEntry } from '../domain/audit';
import type { AdminKind } from '../domain/directory-rules';
import { invalid } from '../domain/errors';
import type { AppDeps } from './deps';
import { requireAdmin, type Actor } from './actor';

export interface AuditRequest {
  kind?: AdminKind | 'settings' | 'apiKey' | undefined;
  id?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

function decodeCursor(cursor: string): string {
  const continuation = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!continuation || Buffer.from(continuation, 'utf8').toString('base64url') !== cursor) {
    throw invalid('The cursor is not valid; start again from the first page', [{ path: 'cursor', message: 'not a cursor from this API' }]);
  }
  return continuation;
}

export async function readAuditTrail(deps: Pick<AppDeps, 'audit'>, actor: Actor, req: AuditRequest): Promise<AuditPage> {
  requireAdmin(actor);
  const page = await deps.audit.list({
    ...(req.kind ? { entityKind: req.kind } : {}),
    ...(req.id ? { entityId: req.id } : {}),
    limit: req.limit,
    ...(req.cursor ? { continuation: decodeCursor(req.cursor) } : {}),
  });
  return { items: page.items, nextCursor: page.continuation ? Buffer.from(page.continuation, 'utf8').toString('base64url') : null };
}
