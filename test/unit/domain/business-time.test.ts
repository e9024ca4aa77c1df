import fc from 'fast-check';
import {
  addBusinessHours,
  businessMsBetween,
  calendarProblems,
  wallToInstant,
  WEEKDAYS,
  type BusinessCalendar,
  type OpenWindow,
} from '../../../shared/domain/business-time';

const HOUR = 3_600_000;
const days = (list: readonly OpenWindow['day'][], start: string, end: string): OpenWindow[] => list.map((day) => ({ day, start, end }));
const WORKWEEK = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const berlinOffice: BusinessCalendar = { timezone: 'Europe/Berlin', hours: days(WORKWEEK, '08:00', '17:00'), holidays: [] };
const always = (timezone: string): BusinessCalendar => ({ timezone, hours: days(WEEKDAYS, '00:00', '24:00'), holidays: [] });

describe('wall-clock times in a zone', () => {
  test('a time skipped when clocks spring forward moves forward by the gap', () => {
    // Berlin, Sunday 29 March 2026: 02:00 CET became 03:00 CEST; 02:30 does not exist.
    expect(new Date(wallToInstant('Europe/Berlin', Date.parse('2026-03-29T02:30:00Z'))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
  test('a time that happens twice when clocks fall back is the first of the two', () => {
    // Berlin, Sunday 25 October 2026: 03:00 CEST became 02:00 CET; 02:30 happened at 00:30Z and 01:30Z.
    expect(new Date(wallToInstant('Europe/Berlin', Date.parse('2026-10-25T02:30:00Z'))).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('due times in business hours (Monday to Friday, 8:00 to 17:00, Berlin)', () => {
  test('a ticket opened Friday afternoon is due Monday morning', () => {
    // Friday 16 January 2026, 16:00 CET: one hour on Friday, three on Monday -> Monday 11:00 CET.
    expect(addBusinessHours('2026-01-16T15:00:00.000Z', 4, berlinOffice)).toBe('2026-01-19T10:00:00.000Z');
  });
  test('a ticket opened outside hours starts counting at the next window', () => {
    // Saturday 10:00 -> Monday 08:00 + 2 h.
    expect(addBusinessHours('2026-01-17T09:00:00.000Z', 2, berlinOffice)).toBe('2026-01-19T09:00:00.000Z');
    // Monday 06:00 (before opening) -> 08:00 + 2 h.
    expect(addBusinessHours('2026-01-19T05:00:00.000Z', 2, berlinOffice)).toBe('2026-01-19T09:00:00.000Z');
  });
  test('a target met exactly at closing time is due at closing time, not the next morning', () => {
    expect(addBusinessHours('2026-01-16T15:00:00.000Z', 1, berlinOffice)).toBe('2026-01-16T16:00:00.000Z');
  });
  test('the week the clocks spring forward: Monday 11:00 is CEST, one hour earlier in UTC', () => {
    // Friday 27 March 2026 16:00 CET (15:00Z) + 4 h -> Monday 30 March 11:00 CEST (09:00Z).
    expect(addBusinessHours('2026-03-27T15:00:00.000Z', 4, berlinOffice)).toBe('2026-03-30T09:00:00.000Z');
  });
  test('the week the clocks fall back: Monday 11:00 is CET again', () => {
    // Friday 23 October 2026 16:00 CEST (14:00Z) + 4 h -> Monday 26 October 11:00 CET (10:00Z).
    expect(addBusinessHours('2026-10-23T14:00:00.000Z', 4, berlinOffice)).toBe('2026-10-26T10:00:00.000Z');
  });
  test('a target spanning weeks counts 45 hours a week', () => {
    // Monday 2 February 2026 08:00 CET + 100 h: two full weeks (90 h), then Monday 9 h and Tuesday 1 h.
    expect(addBusinessHours('2026-02-02T07:00:00.000Z', 100, berlinOffice)).toBe('2026-02-17T08:00:00.000Z');
  });
  test('several windows a day (a lunch break) count only the open parts', () => {
    const lunch: BusinessCalendar = { ...berlinOffice, hours: [...days(WORKWEEK, '08:00', '12:00'), ...days(WORKWEEK, '13:00', '17:00')] };
    // Monday 11:00 CET + 2 h -> one hour to noon, then 13:00 + 1 h = 14:00 CET.
    expect(addBusinessHours('2026-01-19T10:00:00.000Z', 2, lunch)).toBe('2026-01-19T13:00:00.000Z');
  });
  test('fractions of an hour count to the minute', () => {
    expect(addBusinessHours('2026-01-19T07:00:00.000Z', 0.25, berlinOffice)).toBe('2026-01-19T07:15:00.000Z');
  });
});

describe('holidays', () => {
  const christmas: BusinessCalendar = {
    ...berlinOffice,
    holidays: [
      { date: '2026-12-25', name: 'Christmas Day' }, // a Friday
      { date: '2026-12-26', name: 'Boxing Day' }, // a Saturday
    ],
  };
  test('a holiday on a working day is skipped; one on a weekend moves nothing under a weekday schedule', () => {
    // Thursday 24 December 16:00 CET + 4 h: Thursday 1 h, Friday a holiday, the weekend closed, Monday 3 h.
    expect(addBusinessHours('2026-12-24T15:00:00.000Z', 4, christmas)).toBe('2026-12-28T10:00:00.000Z');
  });
  test('a holiday on a weekend is skipped under a seven-day schedule', () => {
    const sevenDays: BusinessCalendar = { ...christmas, hours: days(WEEKDAYS, '08:00', '17:00') };
    // Thursday 1 h, Friday and Saturday holidays, Sunday 9 h, Monday 9 h, Tuesday 1 h -> Tuesday 09:00 CET.
    expect(addBusinessHours('2026-12-24T15:00:00.000Z', 20, sevenDays)).toBe('2026-12-29T08:00:00.000Z');
  });
  test('a holiday is a whole day in the schedule\'s own zone, not in UTC', () => {
    // Christmas in Tokyo (UTC+9) ends at 15:00Z on the 25th: 08:00 JST on the 26th is a working day there.
    const tokyo: BusinessCalendar = { timezone: 'Asia/Tokyo', hours: days(WEEKDAYS, '08:00', '17:00'), holidays: [{ date: '2026-12-25', name: 'Christmas' }] };
    // Thursday 24th 16:00 JST (07:00Z) + 2 h -> 1 h on the 24th, then Saturday 26th 08:00 JST + 1 h = 00:00Z.
    expect(addBusinessHours('2026-12-24T07:00:00.000Z', 2, tokyo)).toBe('2026-12-26T00:00:00.000Z');
  });
});

describe('windows ending at midnight and daylight-saving days (New York)', () => {
  const evenings: BusinessCalendar = { timezone: 'America/New_York', hours: days(WORKWEEK, '16:00', '24:00'), holidays: [] };
  test('a window ending at 24:00 runs to midnight and the count goes on at the next window', () => {
    // Monday 2 November 2026 23:00 EST (04:00Z Tuesday) + 2 h: 1 h to midnight, then Tuesday 16:00 + 1 h.
    expect(addBusinessHours('2026-11-03T04:00:00.000Z', 2, evenings)).toBe('2026-11-03T22:00:00.000Z');
  });
  test('the day clocks fall back has 25 open hours under 00:00-24:00', () => {
    const sundays: BusinessCalendar = { timezone: 'America/New_York', hours: days(['sun'], '00:00', '24:00'), holidays: [] };
    // Sunday 1 November 2026 00:00 EDT (04:00Z): 25 hours end at Monday 00:00 EST (05:00Z).
    expect(addBusinessHours('2026-11-01T04:00:00.000Z', 25, sundays)).toBe('2026-11-02T05:00:00.000Z');
    // Half an hour more goes on to the next Sunday: 8 November 00:30 EST.
    expect(addBusinessHours('2026-11-01T04:00:00.000Z', 25.5, sundays)).toBe('2026-11-08T05:30:00.000Z');
  });
  test('a window across the spring-forward gap is one hour shorter', () => {
    // Sunday 8 March 2026: 02:00 EST became 03:00 EDT, so 01:00-03:00 is open for one hour only.
    const night: BusinessCalendar = { timezone: 'America/New_York', hours: days(['sun'], '01:00', '03:00'), holidays: [] };
    expect(businessMsBetween('2026-03-08T05:00:00.000Z', '2026-03-09T05:00:00.000Z', night)).toBe(1 * HOUR);
    // 1.5 h from Sunday midnight: 1 h that night, 0.5 h the next Sunday from 01:00 EDT (05:00Z).
    expect(addBusinessHours('2026-03-08T05:00:00.000Z', 1.5, night)).toBe('2026-03-15T05:30:00.000Z');
  });
  test('24/7 counts real elapsed time across a daylight-saving change', () => {
    expect(addBusinessHours('2026-03-07T12:00:00.000Z', 24, always('America/New_York'))).toBe('2026-03-08T12:00:00.000Z');
    expect(addBusinessHours('2026-03-28T11:00:00.000Z', 24, always('Europe/Berlin'))).toBe('2026-03-29T11:00:00.000Z');
  });
});

describe('business time left', () => {
  test('counts only open time between two instants', () => {
    // Friday 16:00 CET to Monday 10:00 CET: 1 h + 2 h.
    expect(businessMsBetween('2026-01-16T15:00:00.000Z', '2026-01-19T09:00:00.000Z', berlinOffice)).toBe(3 * HOUR);
    expect(businessMsBetween('2026-01-19T09:00:00.000Z', '2026-01-16T15:00:00.000Z', berlinOffice)).toBe(0);
  });
  test('a target too far for a schedule open one minute a week has no due time', () => {
    const minute: BusinessCalendar = { timezone: 'UTC', hours: [{ day: 'mon', start: '08:00', end: '08:01' }], holidays: [] };
    expect(addBusinessHours('2026-01-19T00:00:00.000Z', 1000, minute)).toBeNull();
  });
});

describe('properties', () => {
  // A budget for a shared 2-core machine, not a speed check: each property runs many calendars.
  jest.setTimeout(60_000);
  const zones = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC');
  const anchor = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
  const hhmm = fc.integer({ min: 0, max: 47 }).map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
  const window = fc.record({ day: fc.constantFrom(...WEEKDAYS), start: hhmm, len: fc.integer({ min: 1, max: 48 }) }).map(({ day, start, len }) => {
    const s = Number(start.slice(0, 2)) * 60 + Number(start.slice(3));
    const e = Math.min(24 * 60, s + len * 30);
    return { day, start, end: e === 24 * 60 ? '24:00' : `${String(Math.floor(e / 60)).padStart(2, '0')}:${String(e % 60).padStart(2, '0')}` };
  });

  test('24/7 in any zone is plain elapsed time', () => {
    fc.assert(
      fc.property(zones, anchor, fc.integer({ min: 1, max: 2000 }), (zone, at, hours) => {
        expect(addBusinessHours(at, hours, always(zone))).toBe(new Date(Date.parse(at) + hours * HOUR).toISOString());
      }),
    );
  });

  test('the open time from the anchor to its due time is the target, and the due time is inside a window', () => {
    fc.assert(
      fc.property(zones, anchor, fc.array(window, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 200 }), (zone, at, hours, target) => {
        const calendar: BusinessCalendar = { timezone: zone, hours, holidays: [] };
        const due = addBusinessHours(at, target, calendar)!;
        expect(businessMsBetween(at, due, calendar)).toBe(target * HOUR);
        // Nothing earlier would do: a millisecond before the due time, a millisecond of the target
        // is left (the due time lies inside a window; a minute before it may fall in a closed spell).
        expect(businessMsBetween(at, new Date(Date.parse(due) - 1).toISOString(), calendar)).toBe(target * HOUR - 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('schedule validation', () => {
  test('names every problem', () => {
    const problems = calendarProblems({
      timezone: 'Mars/Olympus',
      hours: [
        { day: 'mon', start: '17:00', end: '08:00' },
        { day: 'tue', start: '24:00', end: '25:00' },
      ],
      holidays: [{ date: '2026-02-30', name: 'No such day' }],
    });
    expect(problems.map((p) => p.path)).toEqual(['timezone', 'hours.0', 'hours.1.start', 'hours.1.end', 'holidays.0.date']);
    expect(calendarProblems({ timezone: 'UTC', hours: [], holidays: [] })).toEqual([{ path: 'hours', message: 'a schedule needs at least one open window' }]);
    expect(calendarProblems(berlinOffice)).toEqual([]);
    expect(calendarProblems(always('America/New_York'))).toEqual([]);
  });
});
