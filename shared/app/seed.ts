// Seeding the directory: creates what is missing and never overwrites, so it is safe on every start.
import type { DirectoryEntry } from '../domain/model';
import type { DirectoryStore } from '../domain/ports';

export async function seedDirectory(store: DirectoryStore, entries: readonly DirectoryEntry[]): Promise<number> {
  let created = 0;
  for (const entry of entries) if (await store.createIfAbsent(entry)) created++;
  return created;
}
