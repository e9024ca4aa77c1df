// The client-address limit (issue 19) counts the address the platform saw (issue 18), handed to
// the screen by http/request-context.ts clientAddress, not one the client wrote: one counter per
// address; loopback callers (local tools, benchmarks) only when INTAKE_LIMIT_LOOPBACK says so; no
// address (e-mail, or no client-ip header) is not counted per client at all.
import { intakeScreen } from '../../../shared/app/intake-limits';
import type { IntakeLimits } from '../../../shared/domain/intake-limits';
import type { IntakeCounters } from '../../../shared/domain/ports';

function counters(): IntakeCounters & { ids: string[] } {
  const counts = new Map<string, number>();
  const ids: string[] = [];
  return {
    ids,
    hit: async (id) => {
      ids.push(id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts.get(id)!;
    },
    openTicketsOf: async () => 0,
  };
}

const limits = (over: Partial<IntakeLimits> = {}): IntakeLimits => ({ perRequester: 0, perClient: 2, clientLimitOnLoopback: false, maxOpenPerRequester: 0, ...over });
const clock = { now: () => new Date('2026-11-24T09:30:00Z') };

/** What the screen answers for three new tickets from `clientAddress`, each from another requester. */
async function threeFrom(clientAddress: string | null, over: Partial<IntakeLimits> = {}): Promise<{ outcomes: string[]; counted: number }> {
  const intakeCounters = counters();
  const screen = intakeScreen({ clock, intakeCounters, intakeLimits: limits(over) }, { anonymous: true, clientAddress });
  const outcomes: string[] = [];
  for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) outcomes.push(await screen(email).then(() => 'ok', (err: Error) => err.message.split(':')[0]!));
  return { outcomes, counted: intakeCounters.ids.length };
}

test('a client address gets its limit, then is refused', async () => {
  expect(await threeFrom('203.0.113.7')).toEqual({ outcomes: ['ok', 'ok', 'Too many new tickets from your network address'], counted: 3 });
});

test('loopback callers are not counted by default, and are with INTAKE_LIMIT_LOOPBACK', async () => {
  expect(await threeFrom('127.0.0.1')).toEqual({ outcomes: ['ok', 'ok', 'ok'], counted: 0 });
  expect(await threeFrom('::1')).toEqual({ outcomes: ['ok', 'ok', 'ok'], counted: 0 });
  expect((await threeFrom('127.0.0.1', { clientLimitOnLoopback: true })).outcomes).toEqual(['ok', 'ok', 'Too many new tickets from your network address']);
});

test('no address is not counted per client', async () => {
  expect(await threeFrom(null)).toEqual({ outcomes: ['ok', 'ok', 'ok'], counted: 0 });
});
