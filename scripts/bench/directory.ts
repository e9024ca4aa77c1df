// The seeded directory as the domain sees it, for building ticket documents without the functions
// (baseline writes, seeding the queue benchmarks).
import { DEFAULT_NOTIFICATION_SETTINGS, type Directory, type DirectoryEntry, type DirectoryKind } from '../../shared/domain/model';
import { DEMO_DIRECTORY } from '../../shared/seed/demo-directory';

export function demoDirectory(entries: readonly DirectoryEntry[] = DEMO_DIRECTORY): Directory {
  const of = <K extends DirectoryKind>(kind: K) => structuredClone(entries.filter((e): e is Extract<DirectoryEntry, { kind: K }> => e.kind === kind));
  return {
    departments: of('department'),
    roles: of('role'),
    slaPlans: of('slaPlan'),
    topics: of('topic'),
    agents: of('agent'),
    notifications: of('settings')[0] ?? structuredClone(DEFAULT_NOTIFICATION_SETTINGS),
  };
}
