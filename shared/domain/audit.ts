// The audit trail of the directory: every administrative change, who made it, when, and the entry
// before and after. Pure types, one builder, and the port the store implements.
import type { AuditedApiKey } from './api-keys';
import type { DirectoryEntry } from './model';
import type { Page } from './queues';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'link'] as const;
/** `link`: an agent's Entra object id was remembered on their first sign-in. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What the trail records: directory entries, and API keys (without their hash). */
export type AuditSubject = DirectoryEntry | AuditedApiKey;
export type AuditSubjectKind = AuditSubject['kind'];

export type AuditActor = { type: 'agent'; id: string; name: string } | { type: 'system'; id: null; name: string };

export interface AuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  entityKind: AuditSubjectKind;
  entityId: string;
  /** The entry as it was (null on create) and as it became (null on delete). */
  before: AuditSubject | null;
  after: AuditSubject | null;
  /** The top-level fields that differ, so a reader sees what changed without diffing. */
  changed: string[];
}

export interface AuditQuery {
  entityKind?: AuditSubjectKind;
  entityId?: string;
  limit: number;
  /** The store's own continuation token for the next page. */
  continuation?: string;
}

function changedFields(before: AuditSubject | null, after: AuditSubject | null): string[] {
  const a: Record<string, unknown> = { ...(before ?? {}) };
  const b: Record<string, unknown> = { ...(after ?? {}) };
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'kind' && k !== 'id');
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

export function auditEntry(
  fields: Omit<AuditEntry, 'changed' | 'entityKind' | 'entityId'>,
): AuditEntry {
  const subject = fields.after ?? fields.before;
  if (!subject) throw new Error('An audit entry needs the entry before or after the change');
  return { ...fields, entityKind: subject.kind, entityId: subject.id, changed: changedFields(fields.before, fields.after) };
}
