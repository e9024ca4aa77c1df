// Small statistics for the benchmarks: percentiles of one run's samples, and the team's rule that
// every reported figure is the median over repeated runs, with the min and max beside it.

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One figure: the median of one value per run, with its spread over the runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(perRun: readonly number[]): Spread {
  return { median: median(perRun), min: Math.min(...perRun), max: Math.max(...perRun), runs: perRun.length };
}

export type Unit = 'ms' | 'tickets/s' | 'KiB' | 'requests' | 'RU' | 'USD' | 'ops' | 's';

/** A line of the results: what was measured, and against which baseline of the same run. */
export interface Figure {
  group: string;
  name: string;
  unit: Unit;
  value: Spread;
  /** The baseline measured in the same bench run, when the figure has one. */
  baseline?: { name: string; value: Spread };
  /** value.median / baseline.value.median. */
  ratio?: number;
  note?: string;
}

export function figure(group: string, name: string, unit: Unit, perRun: readonly number[], extra: { baseline?: { name: string; perRun: readonly number[] }; note?: string } = {}): Figure {
  const value = spread(perRun);
  const f: Figure = { group, name, unit, value };
  if (extra.baseline) {
    const b = spread(extra.baseline.perRun);
    f.baseline = { name: extra.baseline.name, value: b };
    f.ratio = b.median === 0 ? Number.NaN : value.median / b.median;
  }
  if (extra.note) f.note = extra.note;
  return f;
}

/** A single measured value (e.g. a size): median = min = max, one run. */
export function single(group: string, name: string, unit: Unit, value: number, note?: string): Figure {
  return figure(group, name, unit, [value], note ? { note } : {});
}

/** Runs `task` for every item with at most `concurrency` in flight; resolves with results in input order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Milliseconds since `start` (from performance.now()). */
export const since = (start: number): number => performance.now() - start;

export function progress(line: string): void {
  console.log(`  ${new Date().toISOString().slice(11, 19)} ${line}`);
}
