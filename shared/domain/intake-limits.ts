// Limits on anonymous intake (issue 19), as pure rules: fixed one-hour windows counted in the
// store, so every instance shares them. A fixed window lets at most twice the limit through
// around a window's edge; that is the price of one counter write per check.
import { IntakeLimited } from './errors';

export interface IntakeLimits {
  /** New tickets per requester address per window; 0: no limit. */
  perRequester: number;
  /** New tickets per client address (as the platform saw it: domain/client-address.ts) per window; 0: no limit. */
  perClient: number;
  /** Whether the client-address limit also counts loopback callers (local tools, benchmarks). */
  clientLimitOnLoopback: boolean;
  /** osTicket's "maximum open tickets per user"; 0: no limit. */
  maxOpenPerRequester: number;
}

export const INTAKE_WINDOW_SECONDS = 3600;

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { perRequester: 10, perClient: 30, clientLimitOnLoopback: false, maxOpenPerRequester: 0 };

/** The window `now` falls in: its start (epoch seconds, part of the counter's id) and the seconds left. */
export function intakeWindow(now: Date): { start: number; secondsLeft: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % INTAKE_WINDOW_SECONDS);
  return { start, secondsLeft: start + INTAKE_WINDOW_SECONDS - seconds };
}

export function isLoopback(address: string): boolean {
  const a = address.trim().toLowerCase();
  return a === '::1' || a === 'localhost' || /^127\./.test(a) || /^::ffff:127\./.test(a);
}

export function tooManyNew(what: 'address' | 'client', limit: number, secondsLeft: number): IntakeLimited {
  const who = what === 'address' ? 'this e-mail address' : 'your network address';
  return new IntakeLimited('rate_limited', `Too many new tickets from ${who}: at most ${limit} an hour; try again in ${Math.ceil(secondsLeft / 60)} minutes`, secondsLeft);
}

export function tooManyOpen(limit: number): IntakeLimited {
  return new IntakeLimited('conflict', `This e-mail address already has ${limit} open tickets, the most this help desk allows; reply on one of them instead`, null);
}
