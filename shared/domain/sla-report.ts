// SLA figures (issue 23): what a ticket contributes to the per-day counters, how a counter takes a
// contribution exactly once, and how the report reads the counters back (sums, medians from
// fixed-bucket histograms). Pure: the store and the event consumer live elsewhere.
//
// A ticket's contributions ("facts") are derived from its state, never from the event that woke
// the consumer: a redelivered event, a later event or the backfill derive the same facts with the
// same keys, and a counter that holds a key never takes it again.
import { businessMsBetween, type BusinessCalendar } from './business-time';
import type { Directory, Ticket } from './model';
import { scheduleForTicket, slaStanding } from './sla';

export const SLA_TARGETS = ['firstResponse', 'resolution'] as const;
export type SlaReportTarget = (typeof SLA_TARGETS)[number];

/**
 * Upper bounds (business minutes, exclusive) of the histogram buckets; one more bucket holds
 * everything from the last bound on. Fixed, so days add up bucket by bucket.
 */
export const MINUTE_BUCKETS = [1, 2, 5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880, 4320, 7200, 10080, 20160, 43200] as const;
export const BUCKET_COUNT = MINUTE_BUCKETS.length + 1;

/** The longest report range, in days (a year, leap years included). */
export const MAX_REPORT_DAYS = 366;

export type Histogram = number[];

export interface TargetCounters {
  met: number;
  breached: number;
  /** Business minutes to the target being reached (first response; resolved or closed), per bucket. */
  minutes: Histogram;
}

/** One SLA plan's and department's counters for one UTC day. */
export interface SlaDayCounters {
  id: string;
  type: 'slaDay';
  day: string;
  slaPlanId: string;
  departmentId: string;
  firstResponse: TargetCounters;
  resolution: TargetCounters;
  /** The keys of the facts counted here: a key is counted once, whoever brings it (event or backfill). */
  applied: string[];
}

/**
 * One contribution of a ticket: an outcome (the target met or breached) or a time (business
 * minutes until it was reached), on a UTC day.
 */
export type SlaFact = { key: string; target: SlaReportTarget; day: string } & ({ kind: 'outcome'; met: boolean } | { kind: 'time'; minutes: number });

/** Where a ticket's facts are counted: its plan and department when first counted, kept from then on. */
export interface FactPlacement {
  slaPlanId: string;
  departmentId: string;
}

export function emptyHistogram(): Histogram {
  return new Array<number>(BUCKET_COUNT).fill(0);
}

export function bucketOf(minutes: number): number {
  const i = MINUTE_BUCKETS.findIndex((bound) => minutes < bound);
  return i === -1 ? MINUTE_BUCKETS.length : i;
}

/** The bucket's range in minutes: [from, to), `to` null for the last, open-ended one. */
export function bucketRange(i: number): { from: number; to: number | null } {
  return { from: i === 0 ? 0 : MINUTE_BUCKETS[i - 1]!, to: MINUTE_BUCKETS[i] ?? null };
}

export function histogramOf(minutes: readonly number[]): Histogram {
  const h = emptyHistogram();
  for (const m of minutes) h[bucketOf(m)]!++;
  return h;
}

export function addHistograms(a: Histogram, b: Histogram): Histogram {
  return emptyHistogram().map((_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

export interface Median {
  /** The estimate: linear within the bucket that holds the middle value (its lower bound for the open-ended last bucket). */
  minutes: number;
  /** The bucket the true median is in. */
  from: number;
  to: number | null;
}

/** The median of the values a histogram counts, read from the buckets; null when it counts nothing. */
export function medianOf(h: Histogram): Median | null {
  const total = h.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const half = total / 2;
  let before = 0;
  for (let i = 0; i < h.length; i++) {
    const n = h[i] ?? 0;
    if (n > 0 && before + n >= half) {
      const { from, to } = bucketRange(i);
      const minutes = to === null ? from : from + ((half - before) / n) * (to - from);
      return { minutes: Math.round(minutes * 10) / 10, from, to };
    }
    before += n;
  }
  return null; // not reached: the buckets add up to total
}

export const utcDay = (iso: string): string => new Date(Date.parse(iso)).toISOString().slice(0, 10);

/** The business time in [fromIso, toIso), less the pending spells inside it (clipped to it). */
function workedMinutes(fromIso: string, toIso: string, pauses: Ticket['slaPauses'], calendar: BusinessCalendar): number {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (to <= from) return 0;
  let ms = businessMsBetween(fromIso, toIso, calendar);
  for (const p of pauses ?? []) {
    const a = Math.max(Date.parse(p.from), from);
    const b = Math.min(Date.parse(p.to), to);
    if (b > a) ms -= businessMsBetween(new Date(a).toISOString(), new Date(b).toISOString(), calendar);
  }
  return Math.max(0, ms) / 60_000;
}

export type FactTicket = Pick<
  Ticket,
  'number' | 'departmentId' | 'slaPlanId' | 'status' | 'dueAt' | 'resolvedAt' | 'closedAt' | 'firstResponseDueAt' | 'firstResponseAt' | 'pendingSince' | 'createdAt' | 'slaAnchorAt' | 'slaPauses'
>;

/**
 * What a ticket contributes at `nowIso`, from where it stands (`slaStanding`):
 * - an outcome once a target is met (reached by its due time: counted on the day it was reached)
 *   or breached (its due time passed without it, or it was reached late: counted on the due day);
 * - a time once a target is reached: business minutes from creation to the first response, and
 *   from the SLA anchor (creation or the last reopening) to resolving or closing, pending spells
 *   left out, counted on the day it was reached.
 * Resolution facts are keyed by the anchor: a reopened ticket's new target counts again.
 */
export function slaFacts(ticket: FactTicket, d: Directory, nowIso: string): SlaFact[] {
  const standing = slaStanding(ticket, d, nowIso);
  const calendar = scheduleForTicket(d, ticket);
  const facts: SlaFact[] = [];
  const outcome = (target: SlaReportTarget, key: string, s: { dueAt: string | null; doneAt: string | null; met: boolean | null } | null) => {
    if (!s || s.met === null || s.dueAt === null) return;
    facts.push({ key: `${key}:o`, target, kind: 'outcome', met: s.met, day: utcDay(s.met ? s.doneAt! : s.dueAt) });
  };
  const time = (target: SlaReportTarget, key: string, fromIso: string, doneAt: string | null) => {
    if (doneAt) facts.push({ key: `${key}:t`, target, kind: 'time', minutes: workedMinutes(fromIso, doneAt, ticket.slaPauses, calendar), day: utcDay(doneAt) });
  };
  const first = `${ticket.number}:f`;
  outcome('firstResponse', first, standing.firstResponse);
  time('firstResponse', first, ticket.createdAt, ticket.firstResponseAt ?? null);
  const resolution = `${ticket.number}:r${Date.parse(ticket.slaAnchorAt).toString(36)}`;
  outcome('resolution', resolution, standing.resolution);
  time('resolution', resolution, ticket.slaAnchorAt, standing.resolution.doneAt);
  return facts;
}

export function dayCountersId(day: string, p: FactPlacement): string {
  return `sla-day:${day}:${p.slaPlanId}:${p.departmentId}`;
}

export function emptyDayCounters(day: string, p: FactPlacement): SlaDayCounters {
  const target = (): TargetCounters => ({ met: 0, breached: 0, minutes: emptyHistogram() });
  return { id: dayCountersId(day, p), type: 'slaDay', day, slaPlanId: p.slaPlanId, departmentId: p.departmentId, firstResponse: target(), resolution: target(), applied: [] };
}

/** The counters with the fact counted, or null when they hold it already (a redelivery, a second backfill). */
export function applyFact(c: SlaDayCounters, fact: SlaFact): SlaDayCounters | null {
  if (c.applied.includes(fact.key)) return null;
  const t = c[fact.target];
  const next: TargetCounters =
    fact.kind === 'outcome'
      ? { ...t, met: t.met + (fact.met ? 1 : 0), breached: t.breached + (fact.met ? 0 : 1) }
      : { ...t, minutes: addHistograms(t.minutes, histogramOf([fact.minutes])) };
  return { ...c, [fact.target]: next, applied: [...c.applied, fact.key] };
}

export interface TargetFigures {
  /** Targets that came to an outcome in the range: met + breached. */
  due: number;
  met: number;
  breached: number;
  /** How many times the median is taken over. */
  reached: number;
  median: Median | null;
  minutes: Histogram;
}

export interface SlaReportRow {
  slaPlanId: string;
  slaPlanName: string;
  departmentId: string;
  departmentName: string;
  firstResponse: TargetFigures;
  resolution: TargetFigures;
}

function figures(counters: readonly TargetCounters[]): TargetFigures {
  const met = counters.reduce((s, c) => s + c.met, 0);
  const breached = counters.reduce((s, c) => s + c.breached, 0);
  const minutes = counters.reduce((h, c) => addHistograms(h, c.minutes), emptyHistogram());
  return { due: met + breached, met, breached, reached: minutes.reduce((s, n) => s + n, 0), median: medianOf(minutes), minutes };
}

/** The report: one row per plan and department, the days summed, ordered by plan then department name. */
export function slaReportRows(days: readonly SlaDayCounters[], d: Pick<Directory, 'slaPlans' | 'departments'>): SlaReportRow[] {
  const groups = new Map<string, SlaDayCounters[]>();
  for (const day of days) {
    const key = `${day.slaPlanId}\u0000${day.departmentId}`;
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  const name = (items: readonly { id: string; name: string }[], id: string) => items.find((i) => i.id === id)?.name ?? id;
  return [...groups.values()]
    .map((g) => ({
      slaPlanId: g[0]!.slaPlanId,
      slaPlanName: name(d.slaPlans, g[0]!.slaPlanId),
      departmentId: g[0]!.departmentId,
      departmentName: name(d.departments, g[0]!.departmentId),
      firstResponse: figures(g.map((x) => x.firstResponse)),
      resolution: figures(g.map((x) => x.resolution)),
    }))
    .sort((a, b) => a.slaPlanName.localeCompare(b.slaPlanName) || a.departmentName.localeCompare(b.departmentName));
}

/** The group a fact belongs to: its key without the outcome/time suffix. */
export const factGroup = (fact: SlaFact): string => fact.key.slice(0, fact.key.lastIndexOf(':'));

/** A median for people: "42 min", "3 h 5 min", "2 d 4 h"; "-" for none (a dash, not zero: nothing was timed). */
export function medianText(m: Pick<Median, 'minutes'> | null): string {
  if (m === null) return '-';
  const minutes = Math.round(m.minutes);
  if (m.minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 1440) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/** Days from `from` to `to`, both included (YYYY-MM-DD). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
