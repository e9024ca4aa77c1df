// How a routine's time grows with its input, measured as a ratio within one run (never as an
// absolute time: the machine is shared and noisy). Inputs of 100 KB and 1 MB: a linear routine
// takes about 10 times as long on the larger one (less if it caps its input), a quadratic one
// about 100 times. The limit, 30, sits between the two (√(10·100) ≈ 32): timer noise and a garbage
// collection in one run do not triple a linear routine's ratio, and an n² routine cannot stay under
// it. Each time is the best of three runs, which removes most of the noise of a shared machine.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';

// A full collection before each timed run: a 1 MB string is allocated outside the young generation
// and can start marking the whole test runner's heap, a cost of the heap, not of the routine.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export const RATIO_LIMIT = 30;
/** The large input; HOSTILE_MAX_BYTES makes it smaller, to show the old code failing in finite time. */
export const LARGE = Number(process.env.HOSTILE_MAX_BYTES ?? 1024 * 1024);
export const SMALL = LARGE / 10;
/** Below a millisecond, timer resolution and scheduling are the signal; a super-linear routine is far above it at 100 KB. */
const FLOOR_MS = 1;
const RUNS = 3;

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

async function bestMs(run: () => unknown): Promise<number> {
  let best = Infinity;
  collectGarbage();
  for (let i = 0; i < RUNS; i++) {
    const start = nowMs();
    await run();
    best = Math.min(best, nowMs() - start);
  }
  return best;
}

/**
 * time(LARGE) / time(SMALL) for inputs made by `build` at both sizes. Over the limit, measured again
 * (three times at most) and the lowest ratio kept: other processes on a shared machine can stall
 * one measurement, but not every one, while a super-linear routine is over the limit every time.
 */
export async function growth<T>(build: (size: number) => T, run: (input: T) => unknown): Promise<{ ratio: number; smallMs: number; largeMs: number }> {
  let lowest = await measure(build, run);
  for (let attempt = 1; attempt < 3 && lowest.ratio > RATIO_LIMIT; attempt++) {
    const again = await measure(build, run);
    if (again.ratio < lowest.ratio) lowest = again;
  }
  return lowest;
}

async function measure<T>(build: (size: number) => T, run: (input: T) => unknown): Promise<{ ratio: number; smallMs: number; largeMs: number }> {
  const small = build(SMALL);
  const large = build(LARGE);
  await run(small); // warm-up: compiled code, not the first call's compilation, is measured
  const smallMs = await bestMs(() => run(small));
  const largeMs = await bestMs(() => run(large));
  return { ratio: largeMs / Math.max(smallMs, FLOOR_MS), smallMs, largeMs };
}

/** Pieces that make patterns backtrack or parsers nest: blanks, dots, brackets, tags, markers. */
const PIECES = [' ', '\t', '\n', '\r\n', '.', '. ', '<', '>', '</', '<div>', '<table><tr><td>', '<li>', '<!--', '&#', '&amp', '[', '[#', '[#1234567', ']', '#', '1', '-', '_', 'a', 'On ', 'wrote:', 'From: x', '\u00a0', '\u200b', '\ud83d\ude00', '\u0001', ';', ',', '%', '"', '=', '@', ':', '/', '\\'];

export interface Hostile {
  prefix: string;
  unit: string;
  suffix: string;
}

/** A short prefix, a unit repeated to the size, and a short suffix (what breaks a trailing pattern). */
export const hostile: fc.Arbitrary<Hostile> = fc.record({
  prefix: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((p) => p.join('')),
  unit: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
  suffix: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((p) => p.join('')),
});

/** The string of about `size` characters that a Hostile describes. */
export function spell({ prefix, unit, suffix }: Hostile, size: number): string {
  return prefix + unit.repeat(Math.max(1, Math.ceil((size - prefix.length - suffix.length) / unit.length))) + suffix;
}

/**
 * Asserts, for generated hostile strings and the known worst cases given, that `run` grows no
 * faster than linearly. Few runs: each one times 1 MB inputs.
 */
export async function assertLinear(run: (input: string) => unknown, worst: Hostile[], numRuns = 3): Promise<void> {
  await fc.assert(
    fc.asyncProperty(hostile, async (h) => {
      const { ratio, smallMs, largeMs } = await growth((size) => spell(h, size), run);
      if (ratio > RATIO_LIMIT) {
        throw new Error(`${JSON.stringify(h)}: ${smallMs.toFixed(2)} ms at ${SMALL} characters, ${largeMs.toFixed(2)} ms at ${LARGE} (ratio ${ratio.toFixed(1)} > ${RATIO_LIMIT})`);
      }
    }),
    { numRuns, examples: worst.map((w) => [w]), endOnFailure: true },
  );
}

export const worst = (unit: string, prefix = '', suffix = ''): Hostile => ({ prefix, unit, suffix });
