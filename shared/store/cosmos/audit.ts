// The audit trail (AuditLog): append-only, newest first when listed.
import type { AuditEntry } from '../../domain/audit';
import type { AuditLog } from '../../domain/ports';
import { AUDIT } from '../containers';
import type { CosmosDatabase, SqlParameter } from './client';

export function cosmosAudit(db: CosmosDatabase): AuditLog {
  return {
    append: async (entry) => {
      await db.create(AUDIT.id, entry, `Audit entry ${entry.id}`);
    },
    list: (q) => {
      const where: string[] = [];
      const parameters: SqlParameter[] = [];
      if (q.entityKind) {
        where.push('c.entityKind = @kind');
        parameters.push({ name: '@kind', value: q.entityKind });
      }
      if (q.entityId) {
        where.push('c.entityId = @entity');
        parameters.push({ name: '@entity', value: q.entityId });
      }
      const query = `SELECT * FROM c${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.at DESC`;
      return db.page<AuditEntry>(AUDIT.id, { query, parameters }, 'Audit trail', {
        limit: q.limit,
        ...(q.continuation ? { continuation: q.continuation } : {}),
        badCursor: 'The cursor is not valid for this audit query',
      });
    },
  };
}
