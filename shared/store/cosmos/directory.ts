// The directory (DirectoryStore): departments, agents, plans and settings, partitioned by kind.
import { directoryOf, type DirectoryEntry, type DirectoryKind } from '../../domain/model';
import type { DirectoryStore } from '../../domain/ports';
import { DIRECTORY } from '../containers';
import { isDomainError, type CosmosDatabase } from './client';

export function cosmosDirectory(db: CosmosDatabase): DirectoryStore {
  return {
    load: async () => directoryOf(await db.all<DirectoryEntry>(DIRECTORY.id, 'SELECT * FROM c', 'Directory')),
    get: <K extends DirectoryKind>(kind: K, id: string) => db.read<Extract<DirectoryEntry, { kind: K }>>(DIRECTORY.id, id, kind, `${kind} ${id}`),
    createIfAbsent: async (entry) => {
      try {
        await db.create(DIRECTORY.id, entry, `${entry.kind} ${entry.id}`);
        return true;
      } catch (err) {
        if (isDomainError(err, 'conflict')) return false;
        throw err;
      }
    },
    replace: async (entry, etag) => {
      await db.replace(DIRECTORY.id, entry.id, entry.kind, entry, etag, `${entry.kind} ${entry.id}`);
    },
    remove: async (kind, id, etag) => {
      await db.remove(DIRECTORY.id, id, kind, `${kind} ${id}`, etag);
    },
  };
}
