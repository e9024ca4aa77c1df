// The admin API's use cases, the same for every kind of directory entry: list, get, create,
// update, delete. Each change is checked by the directory rules, written conditionally on the
// entry's etag, and recorded in the audit trail with the entry before and after.
import {
  KIND_LABELS,
  TICKET_REFERENCE_FIELD,
  checkEntry,
  entriesOf,
  requireAnotherAdmin,
  requirePlanUnusedWhenDisabled,
  requireDeletable,
  requireGraphForGraphSend,
  requirePublicMailHost,
  slugId,
  withEntry,
  type AdminEntry,
  type AdminKind,
  type EntryOf,
} from '../domain/directory-rules';
import { DomainError, notFound } from '../domain/errors';
import { slaSettingsOf, type Directory, type Versioned } from '../domain/model';
import type { AppDeps } from './deps';
import { recomputeScope, startRecompute } from './sla-recompute';
import { agentActor, recordChange, requireAdmin, type Actor } from './actor';

export type NewEntry<K extends AdminKind> = Omit<EntryOf<K>, 'kind' | 'id'> & { id?: string | undefined };
export type EntryChanges<K extends AdminKind> = Partial<Omit<EntryOf<K>, 'kind' | 'id'>>;

/** An update may start an SLA recompute (a plan or schedule changed), hence the timers. */
export type AdminUpdateDeps = Pick<AppDeps, 'audit' | 'clock' | 'directory' | 'dueTimes' | 'log' | 'mailboxes' | 'newId'>;

/** A change is written to the directory and recorded in the audit trail. */
export type AdminCreateDeps = Pick<AppDeps, 'audit' | 'clock' | 'directory' | 'mailboxes' | 'newId'>;

/** A deletion checks first that no ticket refers to the entry. */
export type AdminDeleteDeps = Pick<AppDeps, 'audit' | 'clock' | 'directory' | 'newId' | 'ticketReferences'>;

const label = (kind: AdminKind) => KIND_LABELS[kind];

async function found<K extends AdminKind>(deps: Pick<AppDeps, 'directory'>, kind: K, id: string): Promise<Versioned<EntryOf<K>>> {
  const entry = await deps.directory.get(kind, id);
  if (!entry) throw notFound(`There is no ${label(kind)} '${id}'`);
  return entry as Versioned<EntryOf<K>>;
}

function stale(kind: AdminKind, id: string): (err: unknown) => never {
  return (err) => {
    if (err instanceof DomainError && err.code === 'precondition_failed') {
      throw new DomainError('precondition_failed', `The ${label(kind)} '${id}' was changed by someone else meanwhile; reload it and try again`);
    }
    throw err;
  };
}

/**
 * The directory with every active administrator read again from the store (a point read each),
 * for the last-admin rule: the cached copy may still count an administrator that another
 * instance disabled less than 10 s ago. Only agent changes pay for it.
 */
async function withStoredAdmins(deps: Pick<AppDeps, 'directory'>, d: Directory): Promise<Directory> {
  const admins = new Set(d.agents.filter((a) => a.isAdmin && a.active).map((a) => a.id));
  const stored = await Promise.all([...admins].map((id) => deps.directory.get('agent', id)));
  const byId = new Map(stored.flatMap((s) => (s ? [[s.value.id, s.value] as const] : [])));
  return { ...d, agents: d.agents.flatMap((a) => (!admins.has(a.id) ? [a] : byId.has(a.id) ? [byId.get(a.id)!] : [])) };
}

async function directoryFor(deps: Pick<AppDeps, 'directory'>, kind: AdminKind): Promise<Directory> {
  const d = await deps.directory.load();
  if (kind === 'agent') return withStoredAdmins(deps, d);
  if (kind === 'slaPlan' || kind === 'schedule') {
    // The SLA settings read again (a point read): the cached copy may not yet show a default plan
    // or schedule that an admin chose on another instance a moment ago.
    const settings = await deps.directory.get('slaSettings', d.sla.id);
    return settings ? { ...d, sla: slaSettingsOf(settings.value) } : d;
  }
  return d;
}

/** Rules beyond references and names that hold for one kind: keep an active administrator, keep intake working. */
function checkKindRules(before: AdminEntry, after: AdminEntry, d: Directory): void {
  if (before.kind === 'agent' && after.kind === 'agent') requireAnotherAdmin(before, after, d);
  if (before.kind === 'slaPlan' && after.kind === 'slaPlan') requirePlanUnusedWhenDisabled(before, after, d);
}

/** Hosts the help desk will connect to must be public, unless the deployment allows others. */
function checkHosts(deps: Pick<AppDeps, 'mailboxes'>, entry: AdminEntry): void {
  if (entry.kind === 'mailbox') {
    requirePublicMailHost(entry, deps.mailboxes.allowPrivateHosts);
    requireGraphForGraphSend(entry);
  }
}

export async function listEntries<K extends AdminKind>(deps: Pick<AppDeps, 'directory'>, actor: Actor, kind: K): Promise<EntryOf<K>[]> {
  requireAdmin(actor);
  return entriesOf(await deps.directory.load(), kind);
}

export async function getEntry<K extends AdminKind>(deps: Pick<AppDeps, 'directory'>, actor: Actor, kind: K, id: string): Promise<EntryOf<K>> {
  requireAdmin(actor);
  return (await found(deps, kind, id)).value;
}

export async function createEntry<K extends AdminKind>(deps: AdminCreateDeps, actor: Actor, kind: K, input: NewEntry<K>): Promise<EntryOf<K>> {
  requireAdmin(actor);
  const directory = await deps.directory.load();
  const { id: givenId, ...fields } = input;
  const taken = new Set((entriesOf(directory, kind) as AdminEntry[]).map((e) => e.id));
  const basis = kind === 'agent' && 'email' in fields ? String(fields.email).split('@')[0]! : fields.name;
  const id = givenId ?? slugId(basis, taken, kind.toLowerCase());
  if (taken.has(id)) throw new DomainError('conflict', `There is already a ${label(kind)} with the id '${id}'`);
  const entry = { ...fields, kind, id } as unknown as EntryOf<K>;
  checkEntry(entry, withEntry(directory, entry));
  checkHosts(deps, entry);
  // Two admins creating the same id at once: the store's create-if-absent lets only one win.
  if (!(await deps.directory.createIfAbsent(entry))) {
    throw new DomainError('conflict', `There is already a ${label(kind)} with the id '${id}'`);
  }
  await recordChange(deps, agentActor(actor), 'create', null, entry);
  return entry;
}

export async function updateEntry<K extends AdminKind>(
  deps: AdminUpdateDeps,
  actor: Actor,
  kind: K,
  id: string,
  changes: EntryChanges<K>,
): Promise<EntryOf<K>> {
  requireAdmin(actor);
  const current = await found(deps, kind, id);
  const next = { ...current.value, ...changes, kind, id } as EntryOf<K>;
  if (JSON.stringify(next) === JSON.stringify(current.value)) return current.value; // nothing to write or audit
  const directory = withEntry(await directoryFor(deps, kind), next);
  checkEntry(next, directory);
  checkKindRules(current.value, next, directory);
  checkHosts(deps, next);
  await deps.directory.replace(next, current.etag).catch(stale(kind, id));
  await recordChange(deps, agentActor(actor), 'update', current.value, next);
  // Open tickets' targets follow in the background (sla-recompute.ts), never in this request.
  const scope = recomputeScope(current.value, next);
  if (scope !== undefined) await startRecompute(deps, `${KIND_LABELS[kind]} ${id}`, scope);
  return next;
}

export async function deleteEntry<K extends AdminKind>(deps: AdminDeleteDeps, actor: Actor, kind: K, id: string): Promise<void> {
  requireAdmin(actor);
  const current = await found(deps, kind, id);
  const field = TICKET_REFERENCE_FIELD[kind];
  const tickets = field === null ? 0 : await deps.ticketReferences.count(field, id);
  requireDeletable(current.value, await directoryFor(deps, kind), tickets);
  await deps.directory.remove(kind, id, current.etag).catch(stale(kind, id));
  await recordChange(deps, agentActor(actor), 'delete', current.value, null);
}
