import { inQueue } from '../../../shared/domain/queues';

const now = '2026-11-24T12:00:00.000Z';
const base = { status: 'open' as 'open' | 'pending' | 'resolved' | 'closed', assigneeId: null as string | null, answered: false, overdue: false, dueAt: '2026-11-25T00:00:00.000Z' };

describe('queues', () => {
  test('open holds every open ticket, closed holds resolved and closed ones', () => {
    expect(inQueue(base, 'open', 'jane', now)).toBe(true);
    expect(inQueue({ ...base, status: 'resolved' }, 'open', 'jane', now)).toBe(false);
    expect(inQueue({ ...base, status: 'resolved' }, 'closed', 'jane', now)).toBe(true);
    expect(inQueue({ ...base, status: 'closed' }, 'closed', 'jane', now)).toBe(true);
    expect(inQueue(base, 'closed', 'jane', now)).toBe(false);
  });

  test('mine and unassigned follow the assignee', () => {
    expect(inQueue({ ...base, assigneeId: 'jane' }, 'mine', 'jane', now)).toBe(true);
    expect(inQueue({ ...base, assigneeId: 'john' }, 'mine', 'jane', now)).toBe(false);
    expect(inQueue(base, 'unassigned', 'jane', now)).toBe(true);
    expect(inQueue({ ...base, assigneeId: 'john' }, 'unassigned', 'jane', now)).toBe(false);
  });

  test('answered holds open tickets an agent has answered', () => {
    expect(inQueue({ ...base, answered: true }, 'answered', 'jane', now)).toBe(true);
    expect(inQueue(base, 'answered', 'jane', now)).toBe(false);
    expect(inQueue({ ...base, answered: true, status: 'closed' }, 'answered', 'jane', now)).toBe(false);
  });

  test('pending tickets are in pending and mine only: open, unassigned, overdue, answered and closed leave them out', () => {
    const pending = { ...base, status: 'pending' as const, overdue: true, answered: true };
    const holding = (t: typeof pending, agentId: string) => (['open', 'mine', 'unassigned', 'overdue', 'answered', 'pending', 'closed'] as const).filter((q) => inQueue(t, q, agentId, now));
    expect(holding(pending, 'jane')).toEqual(['pending']);
    expect(holding({ ...pending, assigneeId: 'jane' }, 'jane')).toEqual(['mine', 'pending']);
    expect(holding({ ...pending, assigneeId: 'jane' }, 'john')).toEqual(['pending']);
    expect(inQueue({ ...base, assigneeId: 'jane' }, 'pending', 'jane', now)).toBe(false);
  });

  test('overdue holds open tickets flagged overdue or already past due', () => {
    expect(inQueue({ ...base, overdue: true }, 'overdue', 'jane', now)).toBe(true);
    expect(inQueue({ ...base, dueAt: '2026-11-24T11:59:59.000Z' }, 'overdue', 'jane', now)).toBe(true);
    expect(inQueue(base, 'overdue', 'jane', now)).toBe(false);
    expect(inQueue({ ...base, overdue: true, status: 'resolved' }, 'overdue', 'jane', now)).toBe(false);
  });
});
