// The SLA check's timing rules, with the ports played by small in-memory stand-ins.
import { checkDueTime } from '../../../shared/app/sla-timers';
import type { AppDeps } from '../../../shared/app/deps';
import type { LifecycleEvent, Ticket, Versioned } from '../../../shared/domain/model';
import { directory, newTicket } from '../../support/mothers';

function depsAround(ticket: Ticket, now: () => number) {
  let stored: Versioned<Ticket> = { value: ticket, etag: '1' };
  const scheduled: { dueAt: string; again: boolean }[] = [];
  const published: LifecycleEvent[] = [];
  const deps = {
    tickets: {
      get: async () => stored,
      replace: async (t: Ticket, etag: string) => {
        if (etag !== stored.etag) throw new Error('stale');
        stored = { value: t, etag: String(Number(etag) + 1) };
        return stored;
      },
    },
    clock: { now: () => new Date(now()) },
    newId: (() => { let i = 0; return () => `e${++i}`; })(),
    dueTimes: { scheduleCheck: async (_n: string, dueAt: string, o?: { again?: boolean }) => void scheduled.push({ dueAt, again: o?.again ?? false }) },
    events: { publish: async (e: readonly LifecycleEvent[]) => void published.push(...e) },
    log: { info: () => {}, warn: () => {}, error: () => {} },
  } as unknown as AppDeps;
  return { deps, scheduled, published, current: () => stored.value };
}

test('a check that arrives a hair early waits out the rest and marks the ticket overdue', async () => {
  const start = Date.now();
  const ticket = { ...newTicket(directory()), dueAt: new Date(start + 150).toISOString() };
  const { deps, scheduled, published, current } = depsAround(ticket, () => Date.now());
  expect(await checkDueTime(deps, { ticketNumber: ticket.number, dueAt: ticket.dueAt })).toBe('overdue');
  expect(Date.now() - start).toBeGreaterThanOrEqual(140);
  expect(current().overdue).toBe(true);
  expect(scheduled).toEqual([]);
  expect(published.map((e) => e.type)).toContain('overdue');
});

test('a check that arrives far too early is scheduled again under a new message id', async () => {
  const now = Date.parse('2026-11-24T09:00:00.000Z');
  const ticket = { ...newTicket(directory()), dueAt: '2026-11-24T10:00:00.000Z' };
  const { deps, scheduled, current } = depsAround(ticket, () => now);
  expect(await checkDueTime(deps, { ticketNumber: ticket.number, dueAt: ticket.dueAt })).toBe('early');
  expect(scheduled).toEqual([{ dueAt: '2026-11-24T10:00:00.000Z', again: true }]);
  expect(current().overdue).toBe(false);
});

test('a check for a due time that changed since is stale and does nothing', async () => {
  const ticket = { ...newTicket(directory()), dueAt: '2026-11-24T10:00:00.000Z' };
  const { deps, scheduled, current } = depsAround(ticket, () => Date.parse('2026-11-24T11:00:00.000Z'));
  expect(await checkDueTime(deps, { ticketNumber: ticket.number, dueAt: '2026-11-24T09:30:00.000Z' })).toBe('stale');
  expect(scheduled).toEqual([]);
  expect(current().overdue).toBe(false);
});
