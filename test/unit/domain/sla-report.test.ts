// The SLA report's pure parts (issue 23): buckets and medians, what a ticket contributes, each
// contribution counted once, and the rows the report shows.
import { markOverdue, replyToCustomer, updateTicket } from '../../../shared/domain/lifecycle';
import type { Directory } from '../../../shared/domain/model';
import {
  applyFact,
  BUCKET_COUNT,
  bucketOf,
  bucketRange,
  daysInRange,
  emptyDayCounters,
  factGroup,
  histogramOf,
  medianOf,
  medianText,
  MINUTE_BUCKETS,
  slaFacts,
  slaReportRows,
  type SlaDayCounters,
  type SlaFact,
} from '../../../shared/domain/sla-report';
import { agent, at, directory, hoursAfter, newTicket, T0 } from '../../support/mothers';

const withFirstResponse = (hours: number): Directory => {
  const d = directory();
  Object.assign(d.slaPlans.find((p) => p.id === 'default')!, { firstResponseHours: hours });
  return d;
};

describe('histograms and medians', () => {
  test('a value falls in the bucket whose upper bound is above it; the last bucket is open-ended', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.99)).toBe(0);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(59.9)).toBe(MINUTE_BUCKETS.indexOf(60));
    expect(bucketOf(1e9)).toBe(BUCKET_COUNT - 1);
    expect(bucketRange(0)).toEqual({ from: 0, to: 1 });
    expect(bucketRange(BUCKET_COUNT - 1)).toEqual({ from: 43200, to: null });
    expect(histogramOf([0.5, 3, 3, 100_000]).reduce((s, n) => s + n, 0)).toBe(4);
  });

  test('the median is read from the buckets, linearly within the middle one', () => {
    expect(medianOf(histogramOf([]))).toBeNull();
    // 10, 12, 14 (bucket 10-15) and 40 (30-45): the middle (rank 2 of 4) is the second of three in 10-15.
    expect(medianOf(histogramOf([10, 12, 14, 40]))).toEqual({ minutes: 13.3, from: 10, to: 15 });
    expect(medianOf(histogramOf([500]))).toEqual({ minutes: 600, from: 480, to: 720 });
    expect(medianOf(histogramOf([50_000, 60_000]))).toEqual({ minutes: 43200, from: 43200, to: null });
  });

  test('the true median always lies in the bucket the estimate names (property over random samples)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 40) }, () => random() * 3000);
      const sorted = [...values].sort((a, b) => a - b);
      const lower = sorted[Math.ceil(sorted.length / 2) - 1]!; // the lower middle value
      const m = medianOf(histogramOf(values))!;
      expect(lower).toBeGreaterThanOrEqual(m.from);
      expect(m.to === null || lower < m.to).toBe(true);
      expect(m.minutes).toBeGreaterThanOrEqual(m.from);
    }
  });

  test('medians read across days equal the median of all the days together (the buckets add up)', () => {
    const day1 = histogramOf([3, 20, 200]);
    const day2 = histogramOf([7, 8, 9000]);
    const both = day1.map((n, i) => n + day2[i]!);
    expect(medianOf(both)).toEqual(medianOf(histogramOf([3, 20, 200, 7, 8, 9000])));
  });
});

describe('what a ticket contributes', () => {
  test('an open ticket not yet due contributes nothing', () => {
    const d = withFirstResponse(2);
    expect(slaFacts(newTicket(d), d, hoursAfter(T0, 1))).toEqual([]);
  });

  test('a first response in time is met and timed on its day; a late resolution is breached on its due day', () => {
    const d = withFirstResponse(2);
    const t = newTicket(d);
    const john = agent(d, 'john');
    const replied = replyToCustomer(t, { message: 'On it' }, john, d, at(hoursAfter(T0, 1.5)));
    const resolved = updateTicket(replied, { status: 'resolved' }, john, d, at(hoursAfter(T0, 20))).ticket; // due after 18 h
    const facts = slaFacts(resolved, d, hoursAfter(T0, 21));
    expect(facts).toEqual([
      { key: `${t.number}:f:o`, target: 'firstResponse', kind: 'outcome', met: true, day: '2026-11-24' },
      { key: `${t.number}:f:t`, target: 'firstResponse', kind: 'time', minutes: 90, day: '2026-11-24' },
      expect.objectContaining({ target: 'resolution', kind: 'outcome', met: false, day: '2026-11-25' }), // due 03:00 on the 25th
      expect.objectContaining({ target: 'resolution', kind: 'time', minutes: 20 * 60, day: '2026-11-25' }),
    ]);
    expect(new Set(facts.map(factGroup))).toEqual(new Set([`${t.number}:f`, expect.stringMatching(new RegExp(`^${t.number}:r`))]));
  });

  test('a target past due and still open is breached, with no time yet', () => {
    const d = withFirstResponse(2);
    const t = newTicket(d);
    const overdue = markOverdue(t, t.dueAt!, at(hoursAfter(T0, 18)))!;
    const facts = slaFacts(overdue, d, hoursAfter(T0, 19));
    expect(facts.map((f) => [f.target, f.kind, f.kind === 'outcome' ? f.met : f.minutes])).toEqual([
      ['firstResponse', 'outcome', false],
      ['resolution', 'outcome', false],
    ]);
  });

  test('pending time is left out of the times, and a pending ticket whose clock stopped in time is not breached', () => {
    const d = withFirstResponse(2);
    const t = newTicket(d);
    const john = agent(d, 'john');
    const waiting = replyToCustomer(t, { message: 'Which version?', status: 'pending' }, john, d, at(hoursAfter(T0, 1)));
    // Past the original due time, but the clocks stopped after 1 h: nothing breached.
    expect(slaFacts(waiting, d, hoursAfter(T0, 30)).filter((f) => f.target === 'resolution')).toEqual([]);
    const back = updateTicket(waiting, { status: 'open' }, john, d, at(hoursAfter(T0, 11))).ticket; // 10 h pending
    const resolved = updateTicket(back, { status: 'resolved' }, john, d, at(hoursAfter(T0, 13))).ticket;
    const time = slaFacts(resolved, d, hoursAfter(T0, 13)).find((f) => f.target === 'resolution' && f.kind === 'time');
    expect(time).toMatchObject({ minutes: 3 * 60 }); // 13 h less 10 h waiting on the customer
    expect(slaFacts(resolved, d, hoursAfter(T0, 13)).find((f) => f.target === 'resolution' && f.kind === 'outcome')).toMatchObject({ met: true });
  });

  test('a reopened ticket\'s new resolution target is a new group; its first response is not', () => {
    const d = withFirstResponse(2);
    const john = agent(d, 'john');
    const first = updateTicket(replyToCustomer(newTicket(d), { message: 'Done' }, john, d, at(hoursAfter(T0, 1))), { status: 'resolved' }, john, d, at(hoursAfter(T0, 2))).ticket;
    const reopened = updateTicket(first, { status: 'open' }, john, d, at(hoursAfter(T0, 3))).ticket;
    const again = updateTicket(reopened, { status: 'resolved' }, john, d, at(hoursAfter(T0, 4))).ticket;
    const before = new Set(slaFacts(first, d, hoursAfter(T0, 2)).map((f) => f.key));
    const after = slaFacts(again, d, hoursAfter(T0, 4));
    expect(after.filter((f) => f.target === 'firstResponse').every((f) => before.has(f.key))).toBe(true);
    expect(after.filter((f) => f.target === 'resolution').some((f) => before.has(f.key))).toBe(false);
  });

  test('times count business time in the ticket\'s schedule', () => {
    const d = withFirstResponse(2);
    d.departments.find((x) => x.id === 'support')!.scheduleId = 'monday-friday-8am-5pm';
    const t = newTicket(d, {}, '2026-11-27T16:00:00.000Z'); // Friday 16:00 UTC
    const replied = replyToCustomer(t, { message: 'Monday' }, agent(d, 'john'), d, at('2026-11-30T09:00:00.000Z')); // Monday 09:00
    expect(slaFacts(replied, d, '2026-11-30T09:00:00.000Z').find((f) => f.kind === 'time')).toMatchObject({ minutes: 120, day: '2026-11-30' });
  });
});

describe('counting once', () => {
  const place = { slaPlanId: 'default', departmentId: 'support' };
  const fact = (key: string, extra: Partial<SlaFact> = {}): SlaFact => ({ key, target: 'resolution', kind: 'outcome', met: true, day: '2026-11-24', ...extra }) as SlaFact;

  test('a fact is counted once; the same key again changes nothing', () => {
    const c0 = emptyDayCounters('2026-11-24', place);
    const c1 = applyFact(c0, fact('100001:r1:o'))!;
    expect(c1.resolution).toMatchObject({ met: 1, breached: 0 });
    expect(applyFact(c1, fact('100001:r1:o'))).toBeNull();
    const c2 = applyFact(c1, fact('100002:r1:o', { met: false }))!;
    const c3 = applyFact(c2, { key: '100002:r1:t', target: 'resolution', kind: 'time', minutes: 42, day: '2026-11-24' })!;
    expect(c3.resolution).toMatchObject({ met: 1, breached: 1 });
    expect(medianOf(c3.resolution.minutes)).toMatchObject({ from: 30, to: 45 });
    expect(c3.firstResponse).toEqual(c0.firstResponse);
    expect(c3.applied).toEqual(['100001:r1:o', '100002:r1:o', '100002:r1:t']);
  });

  test('the report sums the days per plan and department, names them, and sorts by plan then department', () => {
    const d = directory();
    const day = (dayIso: string, slaPlanId: string, departmentId: string, facts: SlaFact[]): SlaDayCounters =>
      facts.reduce((c, f) => applyFact(c, f)!, emptyDayCounters(dayIso, { slaPlanId, departmentId }));
    const rows = slaReportRows(
      [
        day('2026-11-24', 'sev-a', 'sysadmin', [fact('1:o', { met: false })]),
        day('2026-11-24', 'default', 'support', [fact('2:o'), { key: '2:t', target: 'resolution', kind: 'time', minutes: 100, day: '2026-11-24' }]),
        day('2026-11-25', 'default', 'support', [fact('3:o', { met: false }), { key: '3:t', target: 'resolution', kind: 'time', minutes: 300, day: '2026-11-25' }]),
      ],
      d,
    );
    expect(rows.map((r) => `${r.slaPlanName}/${r.departmentName}`)).toEqual(['Default/Support', 'SEV-A/System Administrators']);
    expect(rows[0]!.resolution).toMatchObject({ due: 2, met: 1, breached: 1, reached: 2, median: { from: 90, to: 120 } });
    expect(rows[0]!.firstResponse).toMatchObject({ due: 0, met: 0, breached: 0, reached: 0, median: null });
    expect(rows[1]!.resolution).toMatchObject({ due: 1, met: 0, breached: 1 });
  });

  test('medians read as people say them', () => {
    expect([null, { minutes: 0.4 }, { minutes: 42.4 }, { minutes: 60 }, { minutes: 185 }, { minutes: 1440 }, { minutes: 3000 }].map((m) => medianText(m))).toEqual(['-', '< 1 min', '42 min', '1 h', '3 h 5 min', '1 d', '2 d 2 h']);
  });

  test('days in a range count both ends', () => {
    expect(daysInRange('2026-11-24', '2026-11-24')).toBe(1);
    expect(daysInRange('2026-01-01', '2026-12-31')).toBe(365);
    expect(daysInRange('2028-01-01', '2028-12-31')).toBe(366);
  });
});
