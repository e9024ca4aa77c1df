// The seeded directory as the domain sees it, for building ticket documents without the functions
// (baseline writes, seeding the queue benchmarks).
import { directoryOf, type Directory, type DirectoryEntry } from '../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';

export function demoDirectory(entries: readonly DirectoryEntry[] = DEMO_DIRECTORY): Directory {
  return structuredClone(directoryOf(entries));
}
