import { inQueue } from '../../../shared/domain/queues';

const now = '2026-11-24T12:00:00.000Z';
const base = { status: 'open' as const, assigneeId: null as string | null, answered: false, overdue: false, dueAt: '2026-11-25T00:00:00.000Z' };

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

  test('overdue holds open tickets flagged overdue or already past due', () => {
    expect(inQueue({ ...base, overdue: true }, 'overdue', 'jane', now)).toBe(true);
    expect(inQueue({ ...base, dueAt: '2026-11-24T11:59:59.000Z' }, 'overdue', 'jane', now)).toBe(true);
    expect(inQueue(base, 'overdue', 'jane', now)).toBe(false);
    expect(inQueue({ ...base, overdue: true, status: 'resolved' }, 'overdue', 'jane', now)).toBe(false);
  });
});
