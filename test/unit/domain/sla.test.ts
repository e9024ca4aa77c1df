import { ALWAYS_OPEN, computeDueAt, graceHours, isPastDue } from '../../../shared/domain/sla';
import { directory } from '../../support/mothers';

const plans = directory().slaPlans;
const plan = (id: string) => plans.find((p) => p.id === id)!;

describe('SLA math', () => {
  test('a ticket is due its plan\'s grace period after the anchor', () => {
    expect(computeDueAt('2026-11-24T09:00:00.000Z', plan('sev-b'), 'normal', ALWAYS_OPEN)).toBe('2026-11-24T13:00:00.000Z');
    expect(computeDueAt('2026-11-24T09:00:00.000Z', plan('default'), 'normal', ALWAYS_OPEN)).toBe('2026-11-25T03:00:00.000Z');
  });

  test('a plan may set a tighter target for a priority', () => {
    expect(graceHours(plan('default'), 'emergency')).toBe(4);
    expect(graceHours(plan('default'), 'high')).toBe(8);
    expect(graceHours(plan('default'), 'low')).toBe(18);
    expect(graceHours(plan('sev-a'), 'emergency')).toBe(1);
  });

  test('past due means the due time has come', () => {
    expect(isPastDue('2026-11-24T09:00:00.000Z', '2026-11-24T08:59:59.999Z')).toBe(false);
    expect(isPastDue('2026-11-24T09:00:00.000Z', '2026-11-24T09:00:00.000Z')).toBe(true);
    expect(isPastDue(null, '2030-01-01T00:00:00.000Z')).toBe(false);
  });
});
