// Business time: how long a schedule is open between two instants, and when N open hours after an
// anchor end. Pure: the time-zone rules come from the ECMAScript `Intl` API (Node ships ICU's full
// IANA database), so no dependency and no I/O. Windows are wall-clock times in the schedule's zone;
// a day that springs forward or falls back is as long as the clock says (23 or 25 hours).
//
// Why `Intl` and not a library: the only time-zone operation needed is "the UTC offset of a zone at
// an instant" (one cached Intl.DateTimeFormat per zone); everything else is whole-day calendar
// arithmetic on UTC dates. Luxon or js-joda would add a dependency and a bundled tz database that
// must be kept as current as Node's own, for one function.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One open window on a weekday, wall-clock `HH:MM` in the schedule's zone; `end` may be `24:00`. */
export interface OpenWindow {
  day: Weekday;
  start: string;
  end: string;
}

export interface Holiday {
  /** A whole calendar day in the schedule's zone, `YYYY-MM-DD`. */
  date: string;
  name: string;
}

/** What the calculator needs of a schedule. */
export interface BusinessCalendar {
  timezone: string;
  hours: readonly OpenWindow[];
  holidays: readonly Holiday[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far ahead a target is looked for; beyond it there is no due time (a schedule open a few minutes a week). */
export const HORIZON_DAYS = 366 * 10;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since midnight of `HH:MM` (`24:00` is 1440), or null when it is not a wall-clock time. */
export function minutesOf(hhmm: string): number | null {
  const m = HHMM.exec(hhmm);
  if (!m) return null;
  return m[1] === undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

/** True when the name is an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isKnownTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone.length > 0;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ zone offsets

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Berlin in winter: +3,600,000). */
function offsetAt(timezone: string, utcMs: number): number {
  if (timezone === 'UTC') return 0; // the default schedule's zone: no formatting needed (it showed in intake's profile)
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in the zone (`wallMs`: the wall time written as if it were UTC).
 * A time skipped by a spring-forward gap moves forward by the gap; a time that happens twice when
 * clocks fall back is the first of the two (as Temporal's `compatible` disambiguation does).
 */
export function wallToInstant(timezone: string, wallMs: number): number {
  const before = offsetAt(timezone, wallMs - DAY_MS);
  const after = offsetAt(timezone, wallMs + DAY_MS);
  const valid = [before, after].map((o) => wallMs - o).filter((u) => wallMs - offsetAt(timezone, u) === u);
  if (valid.length > 0) return Math.min(...valid);
  return wallMs - before; // in the gap: the offset before the change puts it after the change
}

/** The calendar day (as UTC midnight ms) that the instant falls on in the zone. */
function localDayOf(timezone: string, utcMs: number): number {
  const wall = utcMs + offsetAt(timezone, utcMs);
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

const isoDate = (dayMs: number): string => new Date(dayMs).toISOString().slice(0, 10);
/** Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday). */
const weekdayOf = (dayMs: number): Weekday => WEEKDAYS[(Math.floor(dayMs / DAY_MS) + 3) % 7]!;

// ------------------------------------------------------------------ open intervals

/** Each weekday's windows in minutes, sorted and merged where they touch or overlap. */
function weeklyMinutes(hours: readonly OpenWindow[]): Map<Weekday, [number, number][]> {
  const byDay = new Map<Weekday, [number, number][]>();
  for (const w of hours) {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (start === null || end === null || end <= start) continue; // refused at the edge; ignored here
    byDay.set(w.day, [...(byDay.get(w.day) ?? []), [start, end]]);
  }
  for (const [day, list] of byDay) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [s, e] of list) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    byDay.set(day, merged);
  }
  return byDay;
}

/** The open intervals `[startMs, endMs)` from `fromMs` on, in order, for at most `HORIZON_DAYS` days. */
export function* openIntervals(calendar: BusinessCalendar, fromMs: number): Generator<[number, number]> {
  const weekly = weeklyMinutes(calendar.hours);
  const holidays = new Set(calendar.holidays.map((h) => h.date));
  const firstDay = localDayOf(calendar.timezone, fromMs);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const day = firstDay + i * DAY_MS;
    if (holidays.has(isoDate(day))) continue;
    for (const [s, e] of weekly.get(weekdayOf(day)) ?? []) {
      const start = Math.max(fromMs, wallToInstant(calendar.timezone, day + s * MINUTE_MS));
      const end = wallToInstant(calendar.timezone, day + e * MINUTE_MS);
      if (end > start) yield [start, end];
    }
  }
}

/**
 * The instant `hours` of open time after the anchor: counting starts at the anchor if the schedule
 * is open then, else at the next window. Null when the target cannot be met within the horizon.
 */
export function addBusinessHours(anchorIso: string, hours: number, calendar: BusinessCalendar): string | null {
  let remaining = Math.round(hours * HOUR_MS);
  const anchor = Date.parse(anchorIso);
  for (const [start, end] of openIntervals(calendar, anchor)) {
    // A target met exactly at a window's end is due then, not at the next window's start.
    if (remaining <= end - start) return new Date(start + remaining).toISOString();
    remaining -= end - start;
  }
  return null;
}

/** Open time between two instants in ms (0 when `to` is not after `from`), stopping at the horizon. */
export function businessMsBetween(fromIso: string, toIso: string, calendar: BusinessCalendar): number {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  let total = 0;
  if (to <= from) return 0;
  for (const [start, end] of openIntervals(calendar, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
  }
  return total;
}

/** Why the schedule cannot be used: unknown zone, bad or empty windows, bad holiday dates. */
export function calendarProblems(calendar: BusinessCalendar): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!isKnownTimeZone(calendar.timezone)) problems.push({ path: 'timezone', message: `'${calendar.timezone}' is not an IANA time zone (e.g. Europe/Berlin)` });
  calendar.hours.forEach((w, i) => {
    const s = minutesOf(w.start);
    const e = minutesOf(w.end);
    if (s === null || s === 24 * 60) problems.push({ path: `hours.${i}.start`, message: 'start is HH:MM from 00:00 to 23:59' });
    if (e === null || e === 0) problems.push({ path: `hours.${i}.end`, message: 'end is HH:MM from 00:01 to 24:00' });
    if (s !== null && e !== null && e <= s) problems.push({ path: `hours.${i}`, message: `ends (${w.end}) before it starts (${w.start})` });
  });
  if (calendar.hours.length === 0) problems.push({ path: 'hours', message: 'a schedule needs at least one open window' });
  calendar.holidays.forEach((h, i) => {
    const ms = Date.parse(`${h.date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h.date) || Number.isNaN(ms) || isoDate(ms) !== h.date) {
      problems.push({ path: `holidays.${i}.date`, message: `'${h.date}' is not a calendar date YYYY-MM-DD` });
    }
  });
  return problems;
}
