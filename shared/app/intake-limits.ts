// Intake limits (issue 19) applied to one request: the counters are shared by every instance, so
// a flood spread over instances is counted once. Each check is one counter write by point (the two
// window counters run side by side: one round trip of latency), and the open-ticket count, a query,
// runs only when that limit is set. The ticket itself is still written once.
import { createHash } from 'node:crypto';
import { INTAKE_WINDOW_SECONDS, intakeWindow, isLoopback, tooManyNew, tooManyOpen, type IntakeLimits } from '../domain/intake-limits';
import type { Clock, IntakeCounters } from '../domain/ports';

export interface IntakeLimitDeps {
  clock: Clock;
  intakeCounters: IntakeCounters;
  intakeLimits: IntakeLimits;
}

/** Where a new ticket comes from, as far as the limits care. */
export interface IntakeOrigin {
  /** Anonymous intake (the form, the API without a key, e-mail) is counted per requester; a keyed integration is not. */
  anonymous: boolean;
  /**
   * The caller's address as the platform saw it (http/request-context.ts clientAddress), never
   * X-Forwarded-For; null for e-mail, whose sender's address is the mail service's.
   */
  clientAddress: string | null;
}

/** Refuses a new ticket over a limit (IntakeLimited); resolves when it may be opened. */
export type IntakeScreen = (requesterEmail: string) => Promise<void>;

/** Counters are named by a hash: no address is stored in clear for the window's hour. */
const counterId = (scope: string, value: string, windowStart: number) =>
  `rate:${scope}:${createHash('sha256').update(value.toLowerCase()).digest('hex').slice(0, 32)}:${windowStart}`;

export function intakeScreen(deps: IntakeLimitDeps, origin: IntakeOrigin): IntakeScreen {
  const { perRequester, perClient, clientLimitOnLoopback, maxOpenPerRequester } = deps.intakeLimits;
  return async (email) => {
    const { start, secondsLeft } = intakeWindow(deps.clock.now());
    const client = origin.clientAddress;
    const checks: Promise<void>[] = [];
    if (origin.anonymous && perRequester > 0) {
      checks.push(deps.intakeCounters.hit(counterId('requester', email, start), INTAKE_WINDOW_SECONDS, 'new').then((n) => {
        if (n > perRequester) throw tooManyNew('address', perRequester, secondsLeft);
      }));
    }
    if (origin.anonymous && perClient > 0 && client !== null && (clientLimitOnLoopback || !isLoopback(client))) {
      checks.push(deps.intakeCounters.hit(counterId('client', client, start), INTAKE_WINDOW_SECONDS).then((n) => {
        if (n > perClient) throw tooManyNew('client', perClient, secondsLeft);
      }));
    }
    if (maxOpenPerRequester > 0) {
      checks.push(deps.intakeCounters.openTicketsOf(email.toLowerCase()).then((n) => {
        if (n >= maxOpenPerRequester) throw tooManyOpen(maxOpenPerRequester);
      }));
    }
    await Promise.all(checks);
  };
}

/** No limits: for tests and callers that screen elsewhere. */
export const UNSCREENED: IntakeScreen = async () => {};
